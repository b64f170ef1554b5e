namespace Pipelines.Connectors;

/// <summary>
/// A provider whose upstream speaks OpenAI's HTTP API. The gateway relays a client's request to it as the client sent
/// it (only <c>model</c> set to the provider's model, and usage asked for when streaming) and relays the answer back as
/// the provider sent it, instead of translating both through the capability contract: nothing either side adds, today
/// or in a later version of the API, is lost on the way. Failures throw <see cref="ConnectorException"/> as any call does.
/// </summary>
public interface IOpenAiWireConnector : IProviderConnector
{
    /// <summary>A request that is not streamed; the answer's body is in <see cref="ProviderResponse.Wire"/>.</summary>
    Task<ProviderResponse> RelayAsync(OpenAiWireRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// A streamed chat request: one chunk per server-sent event, its data as sent in <see cref="StreamChunk.Wire"/>
    /// and its text in <see cref="StreamChunk.Delta"/>; then one last chunk without data carrying the finish reason and
    /// usage. A stream that is cut, malformed or ends before any finish reason throws, as every stream does.
    /// </summary>
    IAsyncEnumerable<StreamChunk> RelayStreamAsync(OpenAiWireRequest request, CancellationToken cancellationToken);
}

/// <summary>
/// An OpenAI API call as the client sent it: the operation's path (<see cref="ChatCompletions"/>, <see cref="Embeddings"/>)
/// and the JSON body. A streamed answer cut after part of it reached the client is continued with the same request and
/// either <see cref="Prefill"/> (the part delivered, sent as the assistant's message to continue) or <see cref="Skip"/>
/// (the part delivered, which the new answer must start with and which is not relayed again).
/// </summary>
public sealed record OpenAiWireRequest(string Path, ReadOnlyMemory<byte> Body)
{
    public const string ChatCompletions = "chat/completions";
    public const string Embeddings = "embeddings";

    /// <summary>
    /// The <see cref="ProviderFeatures"/> the request needs from a provider that translates it instead of relaying it
    /// (tools, image parts, a JSON Schema response, several choices, logprobs).
    /// </summary>
    public IReadOnlyList<string> Features { get; init; } = [];

    public string? Prefill { get; init; }

    public string? Skip { get; init; }
}
