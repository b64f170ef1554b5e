using System.Text;
using System.Text.Json.Nodes;
using Pipelines.Connectors;
using Pipelines.Routing;

namespace Pipelines.Api.Gateway;

/// <summary>
/// Writes a committed stream as OpenAI server-sent events: a relayed provider's events as it sent them, a translated
/// provider's chunks in OpenAI's shape. If the provider breaks after the first token, the stream ends with an
/// <c>error</c> event and without <c>[DONE]</c>, so no client mistakes a truncated answer for a whole one. With the
/// route's <c>commit: buffer</c> nothing is sent until the answer is whole, so a break that could not be rescued is an
/// ordinary error response instead.
/// </summary>
public sealed class ChatStreamResult(StreamingAnswer answer, string route, string id, long created, bool buffer) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        await using var _ = answer;
        var response = httpContext.Response;
        var held = new List<string>();
        try
        {
            if (!buffer)
            {
                Start(response);
            }

            var relayed = false;
            await foreach (var chunk in answer.ReadAllAsync(httpContext.RequestAborted))
            {
                // A relayed stream's last chunk only tells the router it ended: its events, finish included, are already out.
                relayed |= chunk.Wire is not null;
                var data = chunk.Wire ?? (relayed ? null : OpenAiWire.ChatChunk(id, created, answer.Manifest.Model, chunk).ToJsonString());
                if (data is not null && buffer)
                {
                    held.Add(data);
                }
                else if (data is not null)
                {
                    await WriteAsync(response, data, httpContext.RequestAborted);
                }
            }

            if (buffer)
            {
                Start(response);
            }

            foreach (var data in held.Append("[DONE]"))
            {
                await WriteAsync(response, data, httpContext.RequestAborted);
            }
        }
        catch (StreamIncompleteException incomplete) when (buffer)
        {
            GatewayHeaders.Write(response, null, [.. answer.AttemptsBefore, incomplete.Attempt], route);
            await GatewayProblems.FromOutcome(new StepExecutionException(incomplete.Outcome, incomplete.Message), null).ExecuteAsync(httpContext);
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

    private void Start(HttpResponse response)
    {
        GatewayHeaders.Write(response, answer.Provider, answer.AttemptsBefore, route);
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
    }

    private static async Task WriteAsync(HttpResponse response, string data, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes($"data: {data}\n\n"), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
