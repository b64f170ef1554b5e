using System.Text;

namespace Pipelines.Connectors;

/// <summary>
/// Builds a whole <see cref="ChatResult"/> from stream chunks: text appended, tool-call pieces joined by index. A tool
/// call whose arguments are not a JSON object is <see cref="OutcomeClass.InvalidOutput"/>.
/// </summary>
public sealed class ChatStreamAssembler
{
    private readonly StringBuilder _text = new();
    private readonly SortedDictionary<int, (string? Id, string? Name, StringBuilder Arguments)> _calls = [];

    /// <summary>Takes one chunk; returns the whole answer when the chunk is the last one (it has a finish reason).</summary>
    public ChatResult? Add(StreamChunk chunk, string providerId)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        _text.Append(chunk.Delta);
        foreach (var delta in chunk.ToolCalls ?? [])
        {
            var call = _calls.TryGetValue(delta.Index, out var known) ? known : (null, null, new StringBuilder());
            _calls[delta.Index] = (delta.Id ?? call.Id, delta.Name ?? call.Name, call.Arguments.Append(delta.ArgumentsDelta));
        }

        return chunk.FinishReason is { } finish ? Result(finish.ToLowerInvariant(), chunk.Usage, providerId) : null;
    }

    private ChatResult Result(string finishReason, TokenUsage? usage, string providerId)
    {
        var calls = _calls.Values.Select(c => new ToolCall(
            c.Id ?? throw Incomplete(providerId, "a streamed tool call had no id"),
            c.Name ?? throw Incomplete(providerId, "a streamed tool call had no name"),
            ChatJson.ParseArguments(c.Arguments.ToString())
                ?? throw new ConnectorException(OutcomeClass.InvalidOutput, $"{providerId}: the arguments of tool call '{c.Name}' are not a JSON object.")))
            .ToList();
        return new ChatResult(_text.ToString(), finishReason, usage, calls.Count == 0 ? null : calls);
    }

    private static ConnectorException Incomplete(string providerId, string why) =>
        new(OutcomeClass.Unavailable, $"{providerId}: {why} (incomplete answer).");
}
