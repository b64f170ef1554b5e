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
    string? Version = null)
{
    /// <summary>Feature names a step's <c>constraints.features</c> may require.</summary>
    public IReadOnlySet<string> Features { get; } = new HashSet<string>(
        new[] { JsonMode ? "json_mode" : null, Tools ? "tools" : null, Streaming ? "streaming" : null }.OfType<string>(),
        StringComparer.Ordinal);

    public bool Serves(string capability) => Capabilities.Contains(capability, StringComparer.Ordinal);
}
