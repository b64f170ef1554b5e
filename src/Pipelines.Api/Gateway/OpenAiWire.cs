using System.Text.Json.Nodes;
using Pipelines.Connectors;

namespace Pipelines.Api.Gateway;

/// <summary>Translation between OpenAI's wire format and the connectors' capability inputs and outputs.</summary>
public static class OpenAiWire
{
    /// <summary>The chat input of an OpenAI chat completion request, or the field and rule it breaks.</summary>
    public static (JsonObject? Input, string? Field, string? Rule) ChatInput(JsonObject body)
    {
        if (body["messages"] is not JsonArray { Count: > 0 } messages)
        {
            return (null, "messages", "must be a non-empty array");
        }

        var converted = new JsonArray();
        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i] is not JsonObject message || message["role"]?.GetValueKind() != System.Text.Json.JsonValueKind.String)
            {
                return (null, $"messages[{i}].role", "is required and must be a string");
            }

            converted.Add(new JsonObject { ["role"] = message["role"]!.GetValue<string>(), ["content"] = TextOf(message["content"]) });
        }

        var input = new JsonObject { ["messages"] = converted };
        if (body["temperature"] is { } temperature)
        {
            input["temperature"] = temperature.DeepClone();
        }

        if ((body["max_completion_tokens"] ?? body["max_tokens"]) is { } maxTokens)
        {
            input["maxTokens"] = maxTokens.DeepClone();
        }

        if (body["response_format"]?["type"]?.ToString() == "json_object")
        {
            input["json"] = true;
        }

        return (input, null, null);
    }

    public static JsonObject ChatCompletion(string id, long created, string provider, JsonNode? output, TokenUsage? usage) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion",
        ["created"] = created,
        ["model"] = provider,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = output?["text"]?.ToString() ?? "" },
            ["finish_reason"] = output?["finishReason"]?.ToString() ?? "stop",
        }),
        ["usage"] = Usage(usage),
    };

    public static JsonObject ChatChunk(string id, long created, string provider, StreamChunk chunk) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion.chunk",
        ["created"] = created,
        ["model"] = provider,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["delta"] = chunk.Delta is null ? new JsonObject() : new JsonObject { ["content"] = chunk.Delta },
            ["finish_reason"] = chunk.FinishReason?.ToLowerInvariant(),
        }),
        ["usage"] = chunk.FinishReason is null ? null : Usage(chunk.Usage),
    };

    /// <summary>The embed input of an OpenAI embeddings request: a string or a list of strings.</summary>
    public static (JsonObject? Input, string? Field, string? Rule) EmbedInput(JsonObject body) => body["input"] switch
    {
        JsonValue text when text.GetValueKind() == System.Text.Json.JsonValueKind.String => (new JsonObject { ["input"] = text.DeepClone() }, null, null),
        JsonArray { Count: > 0 } texts when texts.All(t => t?.GetValueKind() == System.Text.Json.JsonValueKind.String) =>
            (new JsonObject { ["input"] = texts.DeepClone() }, null, null),
        _ => (null, "input", "must be a string or a non-empty array of strings"),
    };

    /// <summary>Vectors from the connectors' <c>vector</c> (one text) or <c>vectors</c> (a list) output.</summary>
    public static JsonObject EmbeddingList(string provider, JsonNode? output, TokenUsage? usage)
    {
        var vectors = output?["vectors"] is JsonArray many ? many : new JsonArray(output?["vector"]?.DeepClone());
        return new JsonObject
        {
            ["object"] = "list",
            ["model"] = provider,
            ["data"] = new JsonArray([.. vectors.Select((v, i) => (JsonNode)new JsonObject
            {
                ["object"] = "embedding", ["index"] = i, ["embedding"] = v?.DeepClone(),
            })]),
            ["usage"] = new JsonObject { ["prompt_tokens"] = usage?.InputTokens ?? 0, ["total_tokens"] = usage?.InputTokens ?? 0 },
        };
    }

    private static JsonObject? Usage(TokenUsage? usage) => usage is null ? null : new JsonObject
    {
        ["prompt_tokens"] = usage.InputTokens,
        ["completion_tokens"] = usage.OutputTokens,
        ["total_tokens"] = usage.InputTokens + usage.OutputTokens,
    };

    private static string TextOf(JsonNode? content) => content switch
    {
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.ToString())),
        null => "",
        _ => content.ToString(),
    };
}
