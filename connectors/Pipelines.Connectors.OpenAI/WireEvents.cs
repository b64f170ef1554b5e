using System.Text.Json;

namespace Pipelines.Connectors.OpenAI;

/// <summary>
/// What the relay reads from a provider's answers without changing them: failures as outcome classes, usage for
/// accounting, and per streamed event its text (to count and to continue a cut answer) and finish reason.
/// </summary>
internal static class WireEvents
{
    /// <summary>One streamed event: the first choice's text, any finish reason, usage, and whether it holds nothing but usage.</summary>
    public sealed record Event(string? Text, string? FinishReason, TokenUsage? Usage, bool UsageOnly);

    public static ConnectorException StatusFailure(string provider, HttpResponseMessage response, string body)
    {
        var code = OpenAiFailures.ErrorCode(body);
        var message = ErrorMessage(body);
        return new ConnectorException(
            OpenAiFailures.Classify(response.StatusCode, code),
            $"{provider}: HTTP {(int)response.StatusCode}{(code is null ? "" : $" ({code})")}{(message is null ? "" : $": {message}")}",
            OpenAiFailures.RetryAfter(Header(response, "retry-after-ms"), Header(response, "Retry-After"), DateTimeOffset.UtcNow));
    }

    /// <summary>The usage of a whole answer; a body that is not JSON, or withheld by the content filter, fails.</summary>
    public static TokenUsage? AnswerUsage(string provider, byte[] answer)
    {
        try
        {
            using var document = JsonDocument.Parse(answer);
            var root = document.RootElement;
            if (root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array
                && choices.EnumerateArray().Any(c => FinishReason(c) == "content_filter"))
            {
                throw Filtered(provider);
            }

            return Usage(root);
        }
        catch (JsonException exception)
        {
            throw new ConnectorException(OutcomeClass.Unavailable, $"{provider}: the response was not valid JSON.", inner: exception);
        }
    }

    /// <summary>Reads one event's data; malformed data, an error event or a content-filter finish fails the stream.</summary>
    public static Event Chunk(string provider, string data, bool started)
    {
        try
        {
            using var document = JsonDocument.Parse(data);
            var root = document.RootElement;
            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                var code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                var outcome = OpenAiFailures.Classify(null, code);
                throw new ConnectorException(outcome, $"{provider}: the stream carried an error{(code is null ? "" : $" ({code})")}.");
            }

            string? text = null, finish = null;
            var choices = root.TryGetProperty("choices", out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().ToList() : [];
            foreach (var choice in choices)
            {
                finish = FinishReason(choice) ?? finish;
                if (Index(choice) == 0 && choice.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object
                    && delta.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
                {
                    text = content.GetString();
                }
            }

            if (finish == "content_filter")
            {
                throw Filtered(provider);
            }

            var usage = Usage(root);
            return new Event(text, finish, usage, choices.Count == 0 && usage is not null);
        }
        catch (JsonException exception)
        {
            throw started
                ? OpenAiFailures.Incomplete(provider, "a chunk was not valid JSON", exception)
                : new ConnectorException(OutcomeClass.Unavailable, $"{provider}: the stream's first chunk was not valid JSON.", inner: exception);
        }
    }

    /// <summary>The event with its first choice's text replaced (the rest of a re-asked answer's first new chunk).</summary>
    public static string WithText(string data, string text)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(data)!;
        node["choices"]![0]!["delta"]!["content"] = text;
        return node.ToJsonString();
    }

    private static TokenUsage? Usage(JsonElement root) =>
        root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object
            ? new TokenUsage(Int(usage, "prompt_tokens"), Int(usage, "completion_tokens"))
            : null;

    private static int Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.TryGetInt32(out var number) ? number : 0;

    private static int Index(JsonElement choice) =>
        choice.TryGetProperty("index", out var index) && index.TryGetInt32(out var number) ? number : 0;

    private static string? FinishReason(JsonElement choice) =>
        choice.ValueKind == JsonValueKind.Object && choice.TryGetProperty("finish_reason", out var reason) && reason.ValueKind == JsonValueKind.String
            ? reason.GetString()
            : null;

    private static string? ErrorMessage(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
                ? message.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static ConnectorException Filtered(string provider) =>
        new(OutcomeClass.Filtered, $"{provider}: the answer was withheld by the provider's content filter.");
}
