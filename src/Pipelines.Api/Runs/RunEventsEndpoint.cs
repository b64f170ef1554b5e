using Pipelines.Api.Errors;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using JasperFx.Events;
using Pipelines.Engine.Runs;

namespace Pipelines.Api.Runs;

public static class RunEventsEndpoint
{
    public const string EventStream = "text/event-stream";

    /// <summary>
    /// The run's timeline. As JSON: what happened so far. As <c>text/event-stream</c>: everything so far, then each new
    /// event live until the run ends. A reconnecting client sends Last-Event-ID and gets only what it missed.
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<RunEventView>>, ServerSentEventsResult<RunEventView>, ProblemHttpResult>> HandleAsync(
        string id, HttpRequest request, RunQueries queries, CancellationToken cancellationToken)
    {
        if (await queries.GetAsync(id, cancellationToken) is null)
        {
            return ApiProblems.NotFound($"No run '{id}'.");
        }

        if (!request.Headers.Accept.ToString().Contains(EventStream, StringComparison.OrdinalIgnoreCase))
        {
            var events = await queries.EventsAsync(id, 0, cancellationToken);
            return TypedResults.Ok<IReadOnlyList<RunEventView>>([.. events.Select(View)]);
        }

        _ = long.TryParse(request.Headers["Last-Event-ID"], out var after);
        return TypedResults.ServerSentEvents(Follow(queries, id, after, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<RunEventView>> Follow(
        RunQueries queries, string id, long after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var e in await queries.EventsAsync(id, after, cancellationToken))
            {
                after = e.Version;
                yield return new SseItem<RunEventView>(View(e), e.EventTypeName) { EventId = e.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                if (e.Data is RunSucceeded or RunFailed or RunCancelled)
                {
                    yield break;
                }
            }

            await Task.Delay(RunWaiter.PollInterval, cancellationToken);
        }
    }

    /// <summary>Event data in the API's own JSON style: camelCase, enums as names.</summary>
    private static readonly JsonSerializerOptions DataOptions = new(JsonSerializerOptions.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private static RunEventView View(IEvent e) =>
        new(e.Version, e.EventTypeName, e.Timestamp, JsonSerializer.SerializeToElement(e.Data, e.EventType, DataOptions));
}
