using System.Text.Json;
using System.Text.Json.Nodes;
using Pipelines.Connectors;

namespace Pipelines.Api.Gateway;

/// <summary>
/// An OpenAI API request as the client sent it: the exact bytes (relayed as they are to providers that speak OpenAI's
/// wire), and their parsed form (to find the route, the features a provider needs, and to translate for the others).
/// </summary>
public sealed record GatewayRequest(byte[] Body, JsonObject Json)
{
    public string? Model => Json["model"] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public bool Stream => Json["stream"]?.GetValueKind() == JsonValueKind.True;

    /// <summary>The client's body, or the field and rule it breaks.</summary>
    public static async Task<(GatewayRequest? Request, string? Field, string? Rule)> ReadAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        var body = buffer.ToArray();
        try
        {
            return JsonNode.Parse(body) is JsonObject json ? (new GatewayRequest(body, json), null, null) : (null, "body", "must be a JSON object");
        }
        catch (JsonException exception)
        {
            return (null, "body", $"is not valid JSON ({exception.Message})");
        }
    }

    /// <summary>
    /// The provider features a chat request needs (<see cref="ProviderFeatures"/>): a provider without one would have to
    /// drop part of the request, so it is not a candidate.
    /// </summary>
    public IReadOnlyList<string> ChatFeatures()
    {
        var features = new List<string>();
        var messages = Json["messages"] as JsonArray ?? [];
        if (Json["tools"] is JsonArray { Count: > 0 } || messages.Any(m => m?["tool_calls"] is not null || m?["role"]?.ToString() == "tool"))
        {
            features.Add(ProviderFeatures.Tools);
        }

        if (messages.Any(m => m?["content"] is JsonArray parts && parts.Any(p => p?["type"]?.ToString() is not (null or "text"))))
        {
            features.Add(ProviderFeatures.Vision);
        }

        switch (Json["response_format"]?["type"]?.ToString())
        {
            case "json_schema": features.Add(ProviderFeatures.JsonSchema); break;
            case "json_object": features.Add(ProviderFeatures.JsonMode); break;
        }

        if (Json["n"] is JsonValue n && n.TryGetValue<int>(out var choices) && choices > 1)
        {
            features.Add(ProviderFeatures.MultipleChoices);
        }

        if (Json["logprobs"]?.GetValueKind() == JsonValueKind.True)
        {
            features.Add(ProviderFeatures.Logprobs);
        }

        return features;
    }
}
