using Pipelines.Api.Errors;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Security.Claims;
using JasperFx.Events;
using Pipelines.Api.Auth;
using Pipelines.Engine.Runs;

namespace Pipelines.Api.Runs;

public static class RunEventsEndpoint
{
    public const string EventStream = "text/event-stream";

    private static readonly TimeSpan MaxPollInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The run's timeline. As JSON: what happened so far. As <c>text/event-stream</c>: everything so far, then each new
    /// event live until the run ends. A reconnecting client sends Last-Event-ID and gets only what it missed. A tenant
    /// holding all its live streams gets 429.
    /// </summary>
    public static async Task<Results<Ok<IReadOnlyList<RunEventView>>, ServerSentEventsResult<RunEventView>, ProblemHttpResult>> HandleAsync(
        string id, HttpRequest request, ClaimsPrincipal user, RunQueries queries, LiveStreamSlots slots, CancellationToken cancellationToken)
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

        if (slots.TryTake(user.TenantId()) is not { } slot)
        {
            request.HttpContext.Response.Headers.RetryAfter = "5";
            return ApiProblems.Problem(
                StatusCodes.Status429TooManyRequests,
                "Too many live streams",
                $"This tenant already follows {slots.Limit} runs live (Pipelines:MaxLiveStreamsPerTenant); close one or read the timeline as JSON.");
        }

        request.HttpContext.Response.RegisterForDispose(slot);
        _ = long.TryParse(request.Headers["Last-Event-ID"], out var after);
        return TypedResults.ServerSentEvents(Follow(queries, id, after, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<RunEventView>> Follow(
        RunQueries queries, string id, long after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var wait = RunWaiter.PollInterval;
        while (!cancellationToken.IsCancellationRequested)
        {
            var events = await queries.EventsAsync(id, after, cancellationToken);
            foreach (var e in events)
            {
                after = e.Version;
                yield return new SseItem<RunEventView>(View(e), e.EventTypeName) { EventId = e.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                if (e.Data is RunSucceeded or RunFailed or RunCancelled)
                {
                    yield break;
                }
            }

            // A quiet run is polled less and less often (up to once a second); any event brings the pace back.
            wait = events.Count > 0 ? RunWaiter.PollInterval : TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, MaxPollInterval.Ticks));
            await Task.Delay(wait, cancellationToken);
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
