using System.Text.Json.Nodes;
using Pipelines.Connectors;

namespace Pipelines.Api.Gateway;

/// <summary>
/// Translation between OpenAI's wire format and the connectors' capability inputs and outputs, for providers that do
/// not speak the wire themselves. Fields the input has no place for travel in <c>extensions</c>, so none is dropped.
/// </summary>
public static class OpenAiWire
{
    /// <summary>Request fields the chat input models (or the gateway itself reads); every other field goes to <c>extensions</c>.</summary>
    private static readonly HashSet<string> ModelledChatFields = new(StringComparer.Ordinal)
    {
        "model", "messages", "stream", "stream_options", "temperature", "max_tokens", "max_completion_tokens", "response_format",
    };

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

        var extensions = new JsonObject();
        foreach (var (name, value) in body.Where(p => !ModelledChatFields.Contains(p.Key)))
        {
            extensions[name] = value?.DeepClone();
        }

        if (extensions.Count > 0)
        {
            input["extensions"] = extensions;
        }

        return (input, null, null);
    }

    public static JsonObject ChatCompletion(string id, long created, string model, JsonNode? output, TokenUsage? usage) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion",
        ["created"] = created,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = output?["text"]?.ToString() ?? "" },
            ["finish_reason"] = output?["finishReason"]?.ToString() ?? "stop",
        }),
        ["usage"] = Usage(usage),
    };

    public static JsonObject ChatChunk(string id, long created, string model, StreamChunk chunk) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion.chunk",
        ["created"] = created,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["delta"] = chunk.Delta is null ? new JsonObject() : new JsonObject { ["content"] = chunk.Delta },
            ["finish_reason"] = chunk.FinishReason?.ToLowerInvariant(),
        }),
        ["usage"] = chunk.FinishReason is null ? null : Usage(chunk.Usage),
    };

    /// <summary>The embed input of an OpenAI embeddings request: a string or a list of strings, with a known encoding.</summary>
    public static (JsonObject? Input, string? Field, string? Rule) EmbedInput(JsonObject body)
    {
        if (body["encoding_format"]?.ToString() is { } format && format is not ("float" or "base64"))
        {
            return (null, "encoding_format", "must be 'float' or 'base64'");
        }

        if (body["dimensions"] is { } dimensions && !(dimensions is JsonValue value && value.TryGetValue<int>(out var count) && count > 0))
        {
            return (null, "dimensions", "must be a positive integer");
        }

        return body["input"] switch
        {
            JsonValue text when text.GetValueKind() == System.Text.Json.JsonValueKind.String => (new JsonObject { ["input"] = text.DeepClone() }, null, null),
            JsonArray { Count: > 0 } texts when texts.All(t => t?.GetValueKind() == System.Text.Json.JsonValueKind.String) =>
                (new JsonObject { ["input"] = texts.DeepClone() }, null, null),
            _ => (null, "input", "must be a string or a non-empty array of strings"),
        };
    }

    /// <summary>
    /// Vectors from the connectors' <c>vector</c> (one text) or <c>vectors</c> (a list) output, encoded as the request's
    /// <c>encoding_format</c> asks (base64: the little-endian float32 bytes, as OpenAI sends them); a request for a
    /// <c>dimensions</c> the model does not produce is refused rather than answered with vectors of another size.
    /// </summary>
    public static (JsonObject? List, string? Field, string? Rule) EmbeddingList(JsonObject body, string model, JsonNode? output, TokenUsage? usage)
    {
        var vectors = output?["vectors"] is JsonArray many ? many : new JsonArray(output?["vector"]?.DeepClone());
        var size = (vectors.FirstOrDefault() as JsonArray)?.Count ?? 0;
        if (body["dimensions"]?.GetValue<int>() is { } dimensions && dimensions != size)
        {
            return (null, "dimensions", $"{model} produces {size}-dimension vectors and cannot shorten them; leave dimensions out or ask for {size}");
        }

        var base64 = body["encoding_format"]?.ToString() == "base64";
        var list = new JsonObject
        {
            ["object"] = "list",
            ["model"] = model,
            ["data"] = new JsonArray([.. vectors.Select((v, i) => (JsonNode)new JsonObject
            {
                ["object"] = "embedding", ["index"] = i, ["embedding"] = base64 ? Base64(v!.AsArray()) : v?.DeepClone(),
            })]),
            ["usage"] = new JsonObject { ["prompt_tokens"] = usage?.InputTokens ?? 0, ["total_tokens"] = usage?.InputTokens ?? 0 },
        };
        return (list, null, null);
    }

    private static JsonValue Base64(JsonArray vector)
    {
        var floats = vector.Select(x => x!.GetValue<float>()).ToArray();
        return JsonValue.Create(Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(floats.AsSpan())));
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
