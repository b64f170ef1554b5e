namespace Pipelines.Connectors;

/// <summary>
/// A piece of a streamed answer: text, pieces of tool calls (<see cref="ToolCallDelta"/>, joined by
/// <see cref="ChatStreamAssembler"/>). The last chunk carries <see cref="FinishReason"/> (and usage when the provider
/// sends it); a stream that ends without one was cut, and the connector throws instead of ending quietly. A chunk relayed
/// over OpenAI's wire carries the event's data as the provider sent it in <see cref="Wire"/>.
/// </summary>
public sealed record StreamChunk(
    string? Delta, string? FinishReason = null, TokenUsage? Usage = null, IReadOnlyList<ToolCallDelta>? ToolCalls = null, string? Wire = null);
