using System.Text;
using System.Text.Json.Nodes;
using Pipelines.Connectors;
using Pipelines.Routing;

namespace Pipelines.Api.Gateway;

/// <summary>
/// Writes a committed stream as OpenAI server-sent events. If the provider breaks after the first token, the stream
/// ends with an <c>error</c> event and without <c>[DONE]</c>, so no client mistakes a truncated answer for a whole one.
/// </summary>
public sealed class ChatStreamResult(StreamingAnswer answer, string id, long created) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        await using var _ = answer;
        var response = httpContext.Response;
        GatewayHeaders.Write(response, answer.Provider, answer.AttemptsBefore);
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        try
        {
            await foreach (var chunk in answer.ReadAllAsync(httpContext.RequestAborted))
            {
                await WriteAsync(response, OpenAiWire.ChatChunk(id, created, answer.Provider, chunk).ToJsonString(), httpContext.RequestAborted);
            }

            await WriteAsync(response, "[DONE]", httpContext.RequestAborted);
        }
        catch (StreamIncompleteException incomplete)
        {
            var error = new JsonObject
            {
                ["error"] = new JsonObject
                {
                    ["message"] = incomplete.Message,
                    ["type"] = "stream_incomplete",
                    ["code"] = incomplete.Outcome.WireName(),
                    ["provider"] = answer.Provider,
                },
            };
            await WriteAsync(response, error.ToJsonString(), httpContext.RequestAborted);
        }
    }

    private static async Task WriteAsync(HttpResponse response, string data, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes($"data: {data}\n\n"), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
