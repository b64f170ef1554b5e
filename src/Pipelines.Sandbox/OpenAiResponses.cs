using System.Text.Json.Nodes;

namespace Pipelines.Sandbox;

/// <summary>Bodies shaped as the OpenAI REST API returns them, so any OpenAI client can talk to the sandbox.</summary>
public static class OpenAiResponses
{
    public static JsonObject Chat(string model, string? content, string finishReason, int promptTokens, SandboxToolCall? toolCall = null) => new()
    {
        ["id"] = "chatcmpl-" + Guid.NewGuid().ToString("N")[..12],
        ["object"] = "chat.completion",
        ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = toolCall is null
                ? new JsonObject { ["role"] = "assistant", ["content"] = content }
                : new JsonObject { ["role"] = "assistant", ["content"] = content, ["tool_calls"] = new JsonArray(ToolCall(toolCall, toolCall.Arguments)) },
            ["finish_reason"] = finishReason,
        }),
        ["usage"] = Usage(promptTokens, Tokens(content ?? toolCall?.Arguments ?? "")),
    };

    /// <summary>
    /// A streamed piece of a tool call as OpenAI sends it: the first piece carries the id, type and name (and no
    /// arguments yet), the following ones only more of the arguments text.
    /// </summary>
    public static JsonObject ToolCallChunk(string id, string model, SandboxToolCall call, bool first, string arguments) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion.chunk",
        ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["delta"] = first
                ? new JsonObject { ["role"] = "assistant", ["tool_calls"] = new JsonArray(ToolCall(call, arguments)) }
                : new JsonObject { ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = 0, ["function"] = new JsonObject { ["arguments"] = arguments } }) },
            ["finish_reason"] = null,
        }),
    };

    public static JsonObject Chunk(string id, string model, string? delta, string? finishReason) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion.chunk",
        ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["delta"] = delta is null ? new JsonObject() : new JsonObject { ["content"] = delta },
            ["finish_reason"] = finishReason,
        }),
    };

    /// <summary>The last chunk of a stream when the client asked for <c>stream_options.include_usage</c>: no choices, only usage.</summary>
    public static JsonObject UsageChunk(string id, string model, int promptTokens, int completionTokens) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion.chunk",
        ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["model"] = model,
        ["choices"] = new JsonArray(),
        ["usage"] = Usage(promptTokens, completionTokens),
    };

    public static JsonObject Embeddings(string model, IReadOnlyList<string> inputs, int? dimensions = null, bool base64 = false) => new()
    {
        ["object"] = "list",
        ["data"] = new JsonArray([.. inputs.Select((text, i) => (JsonNode)new JsonObject
        {
            ["object"] = "embedding",
            ["index"] = i,
            ["embedding"] = Vector(SandboxEmbedding.Of(text, dimensions), base64),
        })]),
        ["model"] = model,
        ["usage"] = Usage(inputs.Sum(Tokens), 0),
    };

    /// <summary>A vector as OpenAI encodes it: a list of numbers, or base64 of its little-endian float32 bytes.</summary>
    private static JsonNode Vector(float[] vector, bool base64) => base64
        ? JsonValue.Create(Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan())))
        : new JsonArray([.. vector.Select(v => (JsonNode)v)]);

    private static JsonObject ToolCall(SandboxToolCall call, string arguments) => new()
    {
        ["index"] = 0,
        ["id"] = call.Id,
        ["type"] = "function",
        ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = arguments },
    };

    public static JsonObject Error(string message, string type, string? code) => new()
    {
        ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["code"] = code, ["param"] = null },
    };

    /// <summary>A rough token count (words), enough for usage accounting in tests and demos.</summary>
    public static int Tokens(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    private static JsonObject Usage(int prompt, int completion) => new()
    {
        ["prompt_tokens"] = prompt,
        ["completion_tokens"] = completion,
        ["total_tokens"] = prompt + completion,
    };
}
