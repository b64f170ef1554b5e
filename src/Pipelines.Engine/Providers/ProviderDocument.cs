namespace Pipelines.Engine.Providers;

/// <summary>
/// A provider a tenant registered through the API. Stored per tenant (conjoined tenancy); the API key and secret
/// options are kept only as Data Protection ciphertext, never in clear.
/// </summary>
public sealed class ProviderDocument
{
    public required string Id { get; init; }

    public required string Connector { get; set; }

    public string? Endpoint { get; set; }

    public string? Model { get; set; }

    /// <summary>The API key, protected; null when the provider has none.</summary>
    public string? ApiKeyCipher { get; set; }

    /// <summary>Options the connector's schema flags <c>x-secret</c>, as one protected JSON object; null when none.</summary>
    public string? SecretOptionsCipher { get; set; }

    /// <summary>Names of the secret options held in <see cref="SecretOptionsCipher"/> (shown, never their values).</summary>
    public List<string> SecretOptionNames { get; set; } = [];

    /// <summary>Capabilities narrowed from what the connector serves; null: all of them.</summary>
    public List<string>? Capabilities { get; set; }

    public Dictionary<string, string> Tags { get; set; } = [];

    public decimal? InputCostPer1kTokens { get; set; }

    public decimal? OutputCostPer1kTokens { get; set; }

    public int? ContextWindow { get; set; }

    /// <summary>The connector's non-secret options as JSON text.</summary>
    public string OptionsJson { get; set; } = "{}";

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Bumped on every change; the HTTP ETag and the built-connector cache key derive from it.</summary>
    public int Revision { get; set; } = 1;

    public string ETag => $"\"v{Revision}\"";
}
