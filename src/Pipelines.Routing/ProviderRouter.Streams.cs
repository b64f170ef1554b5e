using System.Diagnostics;
using Pipelines.Connectors;
using Pipelines.Core.Definitions;
using Pipelines.Routing.Policies;

namespace Pipelines.Routing;

public sealed partial class ProviderRouter
{
    /// <summary>
    /// Opens a chat stream on the first provider (in policy order) whose first token arrives in time; until then a
    /// failure, slow first token or empty stream retries the provider (as the policy allows) or swaps, since nothing has
    /// reached the caller. The deadline and the retry budget bound the opening; with the hedged strategy the next
    /// provider's stream starts when no first token came within the hedge delay, and the first token wins.
    /// </summary>
    public async Task<StreamingAnswer> OpenStreamAsync(RouteRequest request, CancellationToken cancellationToken)
    {
        using var inFlight = budget.EnterCall();
        using var call = Begin(request);
        var plan = await PlanAsync(request, cancellationToken);
        var candidates = plan.Candidates.Where(c => ProviderCaller.Streams(c, request) is not null).ToList();
        var attempts = new List<ProviderAttempt>();
        var (opened, last) = request.Policy?.Strategy == RoutingStrategy.Hedged
            ? await HedgedStreamAsync(candidates, call, attempts, cancellationToken)
            : await StreamInTurnAsync(candidates, call, attempts, cancellationToken);
        if (opened is not null)
        {
            var continuers = new HashSet<string>(StringComparer.Ordinal);
            return new StreamingAnswer(
                opened, caller, request, call.Policy.StallTimeout, [.. attempts],
                (delivered, failed, cause) => ContinueStreamAsync(request, plan, failed, cause, delivered, attempts, continuers, cancellationToken));
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (call.DeadlinePassed(clock.GetUtcNow()))
        {
            throw new StepExecutionException(
                OutcomeClass.Timeout, $"The routing deadline of {request.Policy?.Deadline} passed before any provider's first token.", attempts);
        }

        throw last is null
            ? Failure(request, plan, attempts, null, false)
            : new StepExecutionException(last.Outcome, last.Message, attempts);
    }

    private async Task<(StreamStart? Opened, ConnectorException? Last)> StreamInTurnAsync(
        List<RegisteredProvider> candidates, RoutedCall call, List<ProviderAttempt> attempts, CancellationToken cancellationToken)
    {
        ConnectorException? last = null;
        RegisteredProvider? failed = null;
        foreach (var candidate in candidates)
        {
            if (call.BudgetSpent || call.DeadlinePassed(clock.GetUtcNow()))
            {
                break;
            }

            if (last?.Outcome == OutcomeClass.ContextLength && !SwapRules.FitsLargerContext(candidate, failed!.Manifest.ContextWindow))
            {
                continue;
            }

            var (opened, failure) = await OpenOnProviderAsync(candidate, call, attempts, cancellationToken);
            if (failed is not null && (opened ?? (object?)failure) is not null)
            {
                metrics.Swap(failed.Id, candidate.Id, last!.Outcome);
            }

            if (opened is not null)
            {
                return (opened, null);
            }

            if (failure is null)
            {
                continue; // not called
            }

            (last, failed) = (failure, candidate);
            if (cancellationToken.IsCancellationRequested || !SwapRules.Swaps(failure.Outcome, call.SwapOn))
            {
                break;
            }
        }

        return (null, last);
    }

    private async Task<(StreamStart? Opened, ConnectorException? Last)> HedgedStreamAsync(
        List<RegisteredProvider> candidates, RoutedCall call, List<ProviderAttempt> attempts, CancellationToken cancellationToken)
    {
        var running = new Dictionary<Task<(StreamStart?, ConnectorException?)>, (CancellationTokenSource Cancel, List<ProviderAttempt> Attempts)>();
        var next = 0;
        ConnectorException? last = null;
        StartNext();
        while (running.Count > 0)
        {
            var timer = next < candidates.Count ? Task.Delay(call.Policy.HedgeDelay, clock, CancellationToken.None) : Task.Delay(Timeout.Infinite, CancellationToken.None);
            var done = await Task.WhenAny([.. running.Keys, timer]);
            if (done == timer)
            {
                StartNext();
                continue;
            }

            var finished = (Task<(StreamStart?, ConnectorException?)>)done;
            var (cancel, own) = running[finished];
            running.Remove(finished);
            attempts.AddRange(own);
            var (opened, failure) = await finished;
            if (opened is not null)
            {
                // The winner's token source lives as long as its stream, which the caller disposes: it is not disposed here.
                await CancelLosersAsync();
                return (opened, null);
            }

            cancel.Dispose();
            if (failure is null)
            {
                StartNext(); // not called: the next provider takes its turn now
                continue;
            }

            last = failure;
            if (cancellationToken.IsCancellationRequested || !SwapRules.Swaps(failure.Outcome, call.SwapOn))
            {
                await CancelLosersAsync();
                return (null, last);
            }

            if (running.Count == 0)
            {
                StartNext();
            }
        }

        return (null, last);

        void StartNext()
        {
            if (next < candidates.Count && !call.BudgetSpent && !cancellationToken.IsCancellationRequested && !call.DeadlinePassed(clock.GetUtcNow()))
            {
                var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var own = new List<ProviderAttempt>();
                running.Add(OpenOnProviderAsync(candidates[next++], call, own, cancel.Token), (cancel, own));
            }
        }

        async Task CancelLosersAsync()
        {
            foreach (var (task, (cancel, own)) in running)
            {
                await cancel.CancelAsync();
                var (late, _) = await task;
                if (late is not null)
                {
                    // Its first token came at the same moment as the winner's: it lost all the same.
                    await late.Stream.DisposeAsync();
                    own.Add(caller.Observe(late.Provider, call.Request, Lost(late.Provider), late.Watch.Elapsed.TotalMilliseconds, null, late.Probe, late.StartedAt));
                }

                attempts.AddRange(Settled(own));
                cancel.Dispose();
            }
        }
    }

    /// <summary>One provider's stream up to its first token, retried while the policy allows; null and its last failure when it gives none.</summary>
    private async Task<(StreamStart? Opened, ConnectorException? Last)> OpenOnProviderAsync(
        RegisteredProvider candidate, RoutedCall call, List<ProviderAttempt> attempts, CancellationToken cancellationToken)
    {
        var open = ProviderCaller.Streams(candidate, call.Request)!;
        ConnectorException? last = null;
        for (var retries = 0; ; retries++)
        {
            if (call.DeadlinePassed(clock.GetUtcNow()) || !TryAdmit(candidate, call, attempts, out var admission))
            {
                return (null, last);
            }

            var startedAt = clock.GetUtcNow();
            var watch = Stopwatch.StartNew();
            var cutToDeadline = false;
            var stream = new StreamWatchdog(open, cancellationToken);
            try
            {
                var first = await stream.NextAsync(call.FirstTokenLimit(startedAt, out cutToDeadline), "no first token")
                    ?? throw new ConnectorException(OutcomeClass.Unavailable, $"{candidate.Id}: the stream ended before any token.");
                return (new StreamStart(stream, first, candidate, watch, startedAt, admission.Probe), null);
            }
            catch (ConnectorException failure)
            {
                last = failure;
                if (cutToDeadline && failure.Outcome == OutcomeClass.Stalled)
                {
                    call.DeadlineReached();
                }
            }
            catch (OperationCanceledException cancelled)
            {
                last = new ConnectorException(OutcomeClass.Cancelled, $"{candidate.Id}: the call was cancelled.", inner: cancelled);
            }

            await stream.DisposeAsync();
            attempts.Add(caller.Observe(candidate, call.Request, last, watch.Elapsed.TotalMilliseconds, null, admission.Probe, startedAt));
            if (cancellationToken.IsCancellationRequested || call.DeadlinePassed(clock.GetUtcNow())
                || !await WaitToRetryAsync(last, retries, call, attempts, cancellationToken))
            {
                return (null, last);
            }
        }
    }

    private static ConnectorException Lost(RegisteredProvider provider) =>
        new(OutcomeClass.Cancelled, $"{provider.Id}: the call was cancelled.");
}
