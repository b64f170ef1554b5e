using System.Text.Json.Nodes;

namespace Pipelines.Sandbox;

/// <summary>
/// What the sandbox answers a chat request with: text, or a call to one of the request's tools. Deterministic, so tests
/// can assert the exact answer: "[model] last user text"; after a tool result, "[model] tool said: result"; with tools
/// (and tool_choice not "none"), a call to the first tool or the one tool_choice names, with arguments {"input": last user text};
/// with a rule that has <see cref="FaultRule.Content"/> (a <see cref="FaultKind.Reply"/>, or a fault that spoils the
/// answer), that content. When the last message is an assistant prefill (the gateway continuing a cut answer), only
/// what follows it is given, as providers that support prefill do: the rest of the answer when the answer starts with
/// the prefill, and nothing (the prefilled answer taken as complete) when it does not.
/// </summary>
public sealed record SandboxAnswer(string? Text, SandboxToolCall? ToolCall)
{
    public string FinishReason => ToolCall is null ? "stop" : "tool_calls";

    public static SandboxAnswer For(JsonObject body, string model, FaultRule? fault)
    {
        ArgumentNullException.ThrowIfNull(body);
        var messages = body["messages"] as JsonArray ?? [];
        var last = messages.LastOrDefault() as JsonObject;
        var prefill = last?["role"]?.ToString() == "assistant" && last["tool_calls"] is null ? TextOf(last["content"]) : "";
        if (fault?.Content is { } content)
        {
            return new SandboxAnswer(Continuation(content, prefill), null);
        }

        if (last?["role"]?.ToString() == "tool")
        {
            return new SandboxAnswer($"[{model}] tool said: {TextOf(last["content"])}", null);
        }

        var userText = TextOf(messages.LastOrDefault(m => m?["role"]?.ToString() == "user")?["content"]);
        if (ToolToCall(body) is { } tool)
        {
            var arguments = new JsonObject { ["input"] = userText }.ToJsonString();
            return new SandboxAnswer(null, new SandboxToolCall("call_" + Guid.NewGuid().ToString("N")[..12], tool, arguments));
        }

        return new SandboxAnswer(Continuation($"[{model}] {userText}", prefill), null);
    }

    private static string Continuation(string answer, string prefill) =>
        prefill.Length == 0 ? answer : answer.StartsWith(prefill, StringComparison.Ordinal) ? answer[prefill.Length..] : "";

    /// <summary>The text of a message's content: a string, or the text parts of a list of parts.</summary>
    public static string TextOf(JsonNode? content) => content switch
    {
        JsonArray parts => string.Concat(parts.Select(p => p?["type"]?.ToString() == "text" ? p["text"]?.ToString() : null)),
        null => "",
        _ => content.ToString(),
    };

    private static string? ToolToCall(JsonObject body)
    {
        if (body["tools"] is not JsonArray { Count: > 0 } tools || body["tool_choice"]?.ToString() == "none")
        {
            return null;
        }

        // tool_choice is "auto", "required", "none" or {"type": "function", "function": {"name": ...}}.
        return (body["tool_choice"] as JsonObject)?["function"]?["name"]?.ToString() ?? tools[0]?["function"]?["name"]?.ToString();
    }
}

/// <summary>One function call in an answer; <see cref="Arguments"/> is the JSON text OpenAI sends.</summary>
public sealed record SandboxToolCall(string Id, string Name, string Arguments);
