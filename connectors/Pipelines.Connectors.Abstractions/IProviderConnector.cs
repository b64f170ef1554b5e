using System.Text.Json.Nodes;

namespace Pipelines.Connectors;

/// <summary>
/// One configured provider (a connector type, an endpoint, a model, a secret): the unit the router picks and swaps.
/// Calls throw <see cref="ConnectorException"/> with an <see cref="OutcomeClass"/> on failure, never vendor types.
/// </summary>
public interface IProviderConnector
{
    string ProviderId { get; }

    /// <summary>Capabilities, model facts and costs; the registry may override capabilities and costs per provider.</summary>
    ProviderManifest Manifest { get; }

    Task<ProviderResponse> InvokeAsync(string capability, JsonObject input, CancellationToken cancellationToken);
}

/// <summary>
/// A provider's answer and what it cost. An answer relayed over OpenAI's wire (<see cref="IOpenAiWireConnector"/>)
/// keeps the provider's body as sent in <see cref="Wire"/>, and its <see cref="Output"/> is empty.
/// </summary>
public sealed record ProviderResponse(JsonNode Output, TokenUsage? Usage = null)
{
    public ReadOnlyMemory<byte>? Wire { get; init; }
}

public sealed record TokenUsage(int InputTokens, int OutputTokens);
