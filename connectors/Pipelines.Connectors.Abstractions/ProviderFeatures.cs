namespace Pipelines.Connectors;

/// <summary>
/// Feature names a provider's manifest offers and a request may need (a step's <c>constraints.features</c>, or what
/// the gateway reads from an OpenAI request): a provider without one is not a candidate for a call that needs it.
/// </summary>
public static class ProviderFeatures
{
    public const string JsonMode = "json_mode";
    public const string JsonSchema = "json_schema";
    public const string Tools = "tools";
    public const string Streaming = "streaming";

    /// <summary>Image (or other non-text) parts in messages.</summary>
    public const string Vision = "vision";

    /// <summary>More than one choice per request (<c>n</c> &gt; 1).</summary>
    public const string MultipleChoices = "n";

    public const string Logprobs = "logprobs";
}
