using System.Text.Json.Nodes;

namespace Pipelines.Connectors;

/// <summary>
/// A chat answer: its text, the tools the model called, a refusal, why it stopped (OpenAI's words: <c>stop</c>,
/// <c>length</c>, <c>tool_calls</c>...) and what it cost. <see cref="Json"/> is the parsed answer when the request asked
/// for JSON (set by <see cref="StructuredOutput"/>).
/// </summary>
public sealed record ChatResult(
    string Text,
    string? FinishReason,
    TokenUsage? Usage = null,
    IReadOnlyList<ToolCall>? ToolCalls = null,
    string? Refusal = null,
    JsonNode? Json = null);

/// <summary>
/// A piece of a streamed tool call. The first piece of a call carries its <see cref="Id"/> and <see cref="Name"/>;
/// later pieces with the same <see cref="Index"/> append to its arguments text.
/// </summary>
public sealed record ToolCallDelta(int Index, string? Id = null, string? Name = null, string? ArgumentsDelta = null);
