namespace Pipelines.Connectors;

/// <summary>
/// What one provider (a connector type bound to a model) can do and what it costs. The router filters candidates on it
/// (capabilities, features, context window, cost), the registry lists it, and the designer's palette is built from it.
/// </summary>
public sealed record ProviderManifest(
    string Connector,
    string Model,
    IReadOnlyList<string> Capabilities,
    int? ContextWindow = null,
    IReadOnlyList<string>? Modalities = null,
    bool JsonMode = false,
    bool Tools = false,
    bool Streaming = false,
    decimal? InputCostPer1kTokens = null,
    decimal? OutputCostPer1kTokens = null,
    string? Version = null,
    bool JsonSchema = false,
    bool MultipleChoices = false,
    bool Logprobs = false)
{
    /// <summary>The <see cref="ProviderFeatures"/> this provider offers, which a step's <c>constraints.features</c> or a gateway request may require.</summary>
    public IReadOnlySet<string> Features => new HashSet<string>(
        new[]
        {
            JsonMode ? ProviderFeatures.JsonMode : null,
            JsonSchema ? ProviderFeatures.JsonSchema : null,
            Tools ? ProviderFeatures.Tools : null,
            Streaming ? ProviderFeatures.Streaming : null,
            Modalities?.Contains("image") == true ? ProviderFeatures.Vision : null,
            MultipleChoices ? ProviderFeatures.MultipleChoices : null,
            Logprobs ? ProviderFeatures.Logprobs : null,
        }.OfType<string>(),
        StringComparer.Ordinal);

    public bool Serves(string capability) => Capabilities.Contains(capability, StringComparer.Ordinal);
}
