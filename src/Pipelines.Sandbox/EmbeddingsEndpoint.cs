using System.Text.Json.Nodes;

namespace Pipelines.Sandbox;

/// <summary>POST /v1/embeddings: deterministic vectors, or a scripted fault.</summary>
public static class EmbeddingsEndpoint
{
    public static async Task HandleAsync(HttpContext http, SandboxState state)
    {
        var body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject ?? [];
        var model = body["model"]?.GetValue<string>() ?? "sandbox-embed";
        var inputs = body["input"] switch
        {
            JsonArray array => array.Select(i => i?.ToString() ?? "").ToList(),
            { } single => [single.ToString()],
            null => new List<string>(),
        };
        var fault = state.Take(model);
        state.Record(new SandboxCall(model, "embeddings", fault?.Kind.ToString() ?? "ok", DateTimeOffset.UtcNow));
        if (await Faults.ApplyBeforeAnswerAsync(http, fault))
        {
            return;
        }

        await http.Response.WriteAsJsonAsync(OpenAiResponses.Embeddings(model, inputs), http.RequestAborted);
    }
}
