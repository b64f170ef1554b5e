using System.Text.Json.Nodes;

namespace Pipelines.Sandbox;

/// <summary>
/// POST /v1/embeddings: deterministic vectors (shortened to <c>dimensions</c>, as floats or base64 by <c>encoding_format</c>),
/// or a scripted fault (the same faults as chat, not streamed).
/// </summary>
public static class EmbeddingsEndpoint
{
    public static async Task HandleAsync(HttpContext http, SandboxState state)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(state);
        var raw = await RequestBody.ReadAsync(http);
        var body = JsonNode.Parse(raw) as JsonObject ?? [];
        var model = body["model"]?.GetValue<string>() ?? "sandbox-embed";
        var inputs = body["input"] switch
        {
            JsonArray array => array.Select(i => i?.ToString() ?? "").ToList(),
            { } single => [single.ToString()],
            null => new List<string>(),
        };
        var fault = state.Take(model);
        var id = state.Record(new SandboxCall(
            model, "embeddings", fault?.Kind.ToString() ?? "ok", DateTimeOffset.UtcNow, Input: string.Join('\n', inputs))
        {
            Authorization = http.Request.Headers.Authorization.FirstOrDefault(),
            ApiKey = http.Request.Headers["api-key"].FirstOrDefault(),
            Body = raw,
        });
        try
        {
            if (await Faults.ApplyBeforeAnswerAsync(http, fault, stream: false, tokens: inputs.Count))
            {
                return;
            }

            if (fault?.Kind == FaultKind.ContentFilter)
            {
                await Faults.WriteStatusAsync(http, StatusCodes.Status400BadRequest, "content_filter", null);
                return;
            }

            await Faults.WriteAnswerAsync(http, fault, OpenAiResponses.Embeddings(
                model, inputs, body["dimensions"]?.GetValue<int>(), body["encoding_format"]?.ToString() == "base64"));
        }
        finally
        {
            state.Complete(id, http.RequestAborted.IsCancellationRequested);
        }
    }
}
