using System.Text.Json.Nodes;

namespace Pipelines.Connectors;

/// <summary>
/// A kind of connector (openai, onnx, remote, ...) the registry can instantiate providers of. One is registered by each
/// <c>AddXxxConnector()</c>; <c>GET /api/v1/connectors</c> lists them with their settings schema.
/// </summary>
public interface IConnectorType
{
    /// <summary>The value of a provider's <c>connector</c> field, e.g. <c>openai</c>.</summary>
    string Name { get; }

    string Description { get; }

    /// <summary>Capabilities providers of this type can serve (each provider's manifest may narrow them).</summary>
    IReadOnlyList<string> Capabilities { get; }

    /// <summary>JSON Schema of <see cref="ProviderSettings.Options"/>; properties flagged <c>"x-secret": true</c> are write-only.</summary>
    JsonObject SettingsSchema { get; }

    /// <summary>Builds a provider; throws <see cref="ConnectorException"/> (InvalidRequest) on settings it cannot use.</summary>
    IProviderConnector Create(ProviderSettings settings);
}

/// <summary>A provider's settings as the registry stores them; <see cref="ApiKey"/> is decrypted only to build the connector.</summary>
public sealed record ProviderSettings(string Id, Uri? Endpoint, string? Model, string? ApiKey, JsonObject Options);
