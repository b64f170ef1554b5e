using Microsoft.Extensions.Options;
using Pipelines.Connectors;
using Pipelines.Core.Definitions;
using Pipelines.Routing.Health;
using Pipelines.Routing.Policies;

namespace Pipelines.Routing;

/// <summary>
/// Routes one call across the allowed providers: filters by constraints, ranks by the policy, skips open circuits,
/// retries a provider on transient failures, swaps on the outcome classes the policy lists, and stops at the deadline
/// or when the retry budget is spent. Streams get the same treatment until their first token (ProviderRouter.Streams.cs).
/// </summary>
public sealed partial class ProviderRouter(
    IProviderDirectory directory,
    HealthRegistry health,
    ProviderCaller caller,
    RetryBudget budget,
    RoutingMetrics metrics,
    IOptions<RoutingOptions> options,
    TimeProvider clock)
{
    public async Task<RouteResult> ExecuteAsync(RouteRequest request, CancellationToken cancellationToken)
    {
        using var inFlight = budget.EnterCall();
        using var call = Begin(request);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (call.Policy.Deadline is { } limit)
        {
            deadline.CancelAfter(limit);
        }

        var plan = await PlanAsync(request, cancellationToken);
        var attempts = new List<ProviderAttempt>();
        var outcome = request.Policy?.Strategy == RoutingStrategy.Hedged
            ? await HedgedAsync(plan, call, attempts, deadline.Token)
            : await InTurnAsync(plan, call, attempts, deadline.Token);
        if (cancellationToken.IsCancellationRequested)
        {
            // The caller gave up (a step timeout, a run cancel): still report the calls made, so the run shows them.
            throw new StepExecutionException(OutcomeClass.Cancelled, "The call was cancelled by its caller.", attempts, new OperationCanceledException(cancellationToken));
        }

        if (outcome?.Response is { } response)
        {
            return new RouteResult(response, outcome.Provider.Id, attempts, outcome.Provider.Manifest.Model);
        }

        throw Failure(request, plan, attempts, outcome, deadline.IsCancellationRequested);
    }

    /// <summary>The eligible providers in the order they will be tried, and why the others were left out.</summary>
    public async Task<RoutePlan> PlanAsync(RouteRequest request, CancellationToken cancellationToken)
    {
        var eligible = new List<RegisteredProvider>();
        var excluded = new List<string>();
        foreach (var id in request.Providers)
        {
            var provider = await directory.FindAsync(request.TenantId, id, cancellationToken);
            var exclusion = provider is null ? "is not registered" : CandidateFilter.Exclusion(provider, request.Capability, request.Constraints, request.Wire?.Features);
            if (exclusion is null)
            {
                eligible.Add(provider!);
            }
            else
            {
                excluded.Add($"{id} {exclusion}");
            }
        }

        return new RoutePlan(CandidateRanking.Rank(eligible, request, health, Random.Shared.NextDouble), excluded);
    }

    private RoutedCall Begin(RouteRequest request) => new(request, EffectivePolicy.Of(request.Policy, options.Value), budget, clock.GetUtcNow());

    private async Task<CallOutcome?> InTurnAsync(RoutePlan plan, RoutedCall call, List<ProviderAttempt> attempts, CancellationToken cancellationToken)
    {
        CallOutcome? last = null;
        foreach (var candidate in plan.Candidates)
        {
            if (call.BudgetSpent)
            {
                break;
            }

            if (last?.Failure?.Outcome == OutcomeClass.ContextLength && !SwapRules.FitsLargerContext(candidate, last.Provider.Manifest.ContextWindow))
            {
                continue;
            }

            if (await OnProviderAsync(candidate, call, attempts, cancellationToken) is not { } outcome)
            {
                continue; // not called: its circuit is open or the budget is spent
            }

            if (last is not null)
            {
                metrics.Swap(last.Provider.Id, candidate.Id, last.Attempt.Outcome);
            }

            last = outcome;
            if (last.Succeeded || cancellationToken.IsCancellationRequested || !SwapRules.Swaps(last.Attempt.Outcome, call.SwapOn))
            {
                break;
            }
        }

        return last;
    }

    /// <summary>
    /// Starts the first provider; when it has not answered within the hedge delay (or has failed, retries included),
    /// starts the next one too. The first complete answer wins and the others are cancelled.
    /// </summary>
    private async Task<CallOutcome?> HedgedAsync(RoutePlan plan, RoutedCall call, List<ProviderAttempt> attempts, CancellationToken cancellationToken)
    {
        using var losers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = new Dictionary<Task<CallOutcome?>, List<ProviderAttempt>>();
        var next = 0;
        CallOutcome? last = null;
        StartNext();
        while (running.Count > 0)
        {
            // The timer ignores cancellation: a cancelled call ends through its runners, which end promptly.
            var timer = next < plan.Candidates.Count ? Task.Delay(call.Policy.HedgeDelay, clock, CancellationToken.None) : Task.Delay(Timeout.Infinite, CancellationToken.None);
            var done = await Task.WhenAny([.. running.Keys, timer]);
            if (done == timer)
            {
                StartNext();
                continue;
            }

            var finished = (Task<CallOutcome?>)done;
            attempts.AddRange(running[finished]);
            running.Remove(finished);
            if (await finished is not { } outcome)
            {
                StartNext(); // that provider was not called: the next one takes its turn now
                continue;
            }

            last = outcome;
            var hopeless = !last.Succeeded && (!SwapRules.Swaps(last.Attempt.Outcome, call.SwapOn) || cancellationToken.IsCancellationRequested);
            if (last.Succeeded || hopeless)
            {
                await losers.CancelAsync();
                await Task.WhenAll(running.Keys);
                foreach (var loser in running.Values)
                {
                    attempts.AddRange(Settled(loser));
                }

                return last;
            }

            if (running.Count == 0)
            {
                StartNext();
            }
        }

        return last;

        void StartNext()
        {
            if (next < plan.Candidates.Count && !call.BudgetSpent && !losers.IsCancellationRequested)
            {
                var own = new List<ProviderAttempt>();
                running.Add(OnProviderAsync(plan.Candidates[next++], call, own, losers.Token), own);
            }
        }
    }

    /// <summary>Calls one provider, retrying it while the policy allows: its last outcome, or null when no call was made.</summary>
    private async Task<CallOutcome?> OnProviderAsync(RegisteredProvider candidate, RoutedCall call, List<ProviderAttempt> attempts, CancellationToken cancellationToken)
    {
        CallOutcome? last = null;
        for (var retries = 0; ; retries++)
        {
            if (!TryAdmit(candidate, call, attempts, out var admission))
            {
                return last;
            }

            last = await caller.CallAsync(candidate, call.Request, admission.Probe, cancellationToken);
            attempts.Add(last.Attempt);
            if (last.Succeeded || cancellationToken.IsCancellationRequested
                || !await WaitToRetryAsync(last.Failure!, retries, call, attempts, cancellationToken))
            {
                return last;
            }
        }
    }

    /// <summary>How long past a provider's Retry-After the retry waits, so its circuit's break is surely over.</summary>
    private static readonly TimeSpan RetryAfterMargin = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Waits before retrying the same provider when the policy allows another retry for this failure and the wait fits
    /// the deadline; the failed attempt's error then says so. False means swap (or stop) now.
    /// </summary>
    private async Task<bool> WaitToRetryAsync(ConnectorException failure, int retriesDone, RoutedCall call, List<ProviderAttempt> attempts, CancellationToken cancellationToken)
    {
        if (RetryRules.WaitBeforeRetry(failure.Outcome, failure.RetryAfter, retriesDone, call.Policy, Random.Shared.NextDouble()) is not { } wait
            || clock.GetUtcNow() + wait >= call.DeadlineAt)
        {
            return false;
        }

        var failed = attempts[^1];
        metrics.Retry(failed.Provider, failed.Outcome);
        attempts[^1] = failed with { Error = $"{failed.Error} (retry {retriesDone + 1} of {call.Policy.Retries} on the same provider after {wait.TotalSeconds:0.###} s)" };
        try
        {
            // A provider's Retry-After also opens its circuit for as long: retry just after that, not racing the reopening.
            await Task.Delay(failure.RetryAfter == wait ? wait + RetryAfterMargin : wait, clock, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Asks the provider's circuit, then the retry budget; a refusal is recorded as an attempt not made.</summary>
    private bool TryAdmit(RegisteredProvider candidate, RoutedCall call, List<ProviderAttempt> attempts, out Admission admission)
    {
        admission = health.Admit(candidate.HealthKey(call.Request.TenantId));
        if (!admission.Allowed)
        {
            attempts.Add(Refused(candidate, admission.Reason!));
            return false;
        }

        if (!call.TryAttempt())
        {
            Release(candidate, call.Request, admission);
            attempts.Add(Refused(candidate, "retry budget exhausted: too many calls are already being retried"));
            return false;
        }

        return true;
    }

    /// <summary>Gives back a probe slot that was granted for a call we then did not make.</summary>
    private void Release(RegisteredProvider candidate, RouteRequest request, Admission admission)
    {
        if (admission.Probe)
        {
            health.Record(candidate.HealthKey(request.TenantId), new Observation(request.Capability, OutcomeClass.Cancelled, 0, Probe: true));
        }
    }

    /// <summary>A hedge loser's attempts, its last one marked as cancelled because another provider settled the call.</summary>
    private static IEnumerable<ProviderAttempt> Settled(List<ProviderAttempt> loser) =>
        loser.Select((attempt, i) => i == loser.Count - 1 && attempt.Outcome == OutcomeClass.Cancelled
            ? attempt with { Error = $"{attempt.Error} (cancelled: another provider settled the call)" }
            : attempt);

    private ProviderAttempt Refused(RegisteredProvider candidate, string reason) =>
        new(candidate.Id, OutcomeClass.Unavailable, 0, $"not called: {reason}", StartedAt: clock.GetUtcNow());

    private static StepExecutionException Failure(
        RouteRequest request, RoutePlan plan, List<ProviderAttempt> attempts, CallOutcome? last, bool deadlinePassed)
    {
        if (deadlinePassed)
        {
            return new StepExecutionException(
                OutcomeClass.Timeout, $"The routing deadline of {request.Policy?.Deadline} passed before any provider answered.", attempts);
        }

        if (last?.Failure is { } failure)
        {
            return new StepExecutionException(failure.Outcome, failure.Message, attempts);
        }

        var reasons = plan.Excluded.Concat(attempts.Select(a => $"{a.Provider} {a.Error}"));
        return new StepExecutionException(
            OutcomeClass.Unavailable,
            $"No provider could serve '{request.Capability}': {string.Join("; ", reasons.DefaultIfEmpty("none is listed"))}.",
            attempts);
    }
}
