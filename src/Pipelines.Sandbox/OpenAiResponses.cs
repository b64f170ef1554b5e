using System.Text.Json.Nodes;

namespace Pipelines.Sandbox;

/// <summary>Bodies shaped as the OpenAI REST API returns them, so any OpenAI client can talk to the sandbox.</summary>
public static class OpenAiResponses
{
    public static JsonObject Chat(string model, string content, string finishReason, int promptTokens) => new()
    {
        ["id"] = "chatcmpl-" + Guid.NewGuid().ToString("N")[..12],
        ["object"] = "chat.completion",
        ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            ["finish_reason"] = finishReason,
        }),
        ["usage"] = Usage(promptTokens, Tokens(content)),
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

    public static JsonObject Embeddings(string model, IReadOnlyList<string> inputs) => new()
    {
        ["object"] = "list",
        ["data"] = new JsonArray([.. inputs.Select((text, i) => (JsonNode)new JsonObject
        {
            ["object"] = "embedding",
            ["index"] = i,
            ["embedding"] = new JsonArray([.. SandboxEmbedding.Of(text).Select(v => (JsonNode)v)]),
        })]),
        ["model"] = model,
        ["usage"] = Usage(inputs.Sum(Tokens), 0),
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
