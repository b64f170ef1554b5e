using Microsoft.Extensions.Options;
using Pipelines.Connectors;
using Pipelines.Core.Definitions;
using Pipelines.Routing.Health;
using Pipelines.Routing.Policies;

namespace Pipelines.Routing;

/// <summary>
/// Routes one call across the allowed providers: filters by constraints, ranks by the policy, skips open circuits,
/// swaps on the outcome classes the policy lists, and stops at the deadline or when the retry budget is spent.
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
        using var call = budget.EnterCall();
        using var deadline = Deadline(request.Policy, cancellationToken);
        var plan = await PlanAsync(request, cancellationToken);
        var attempts = new List<ProviderAttempt>();
        var outcome = request.Policy?.Strategy == RoutingStrategy.Hedged
            ? await HedgedAsync(plan, request, attempts, deadline.Token)
            : await InTurnAsync(plan, request, attempts, deadline.Token);
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

    /// <summary>
    /// Opens a chat stream on the first provider (in policy order) whose first token arrives in time; until then a
    /// failure, slow first token or empty stream swaps to the next provider, since nothing has reached the caller.
    /// </summary>
    public async Task<StreamingAnswer> OpenStreamAsync(RouteRequest request, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(request, cancellationToken);
        var swapOn = SwapRules.For(request.Policy);
        var attempts = new List<ProviderAttempt>();
        var continuers = new HashSet<string>(StringComparer.Ordinal);
        ConnectorException? last = null;
        foreach (var candidate in plan.Candidates)
        {
            if (ProviderCaller.Streams(candidate, request) is not { } open)
            {
                continue;
            }

            var admission = Admit(candidate, request, attempts);
            if (!admission.Allowed)
            {
                continue;
            }

            if (last is not null)
            {
                metrics.Swap(attempts[^1].Provider, candidate.Id, last.Outcome);
            }

            var (start, failure) = await StartStreamAsync(candidate, request, open, admission.Probe, attempts, cancellationToken);
            if (start is not null)
            {
                return new StreamingAnswer(
                    start, caller, request, options.Value.StallTimeout, [.. attempts],
                    (delivered, failed, cause) => ContinueStreamAsync(request, plan, failed, cause, delivered, attempts, continuers, cancellationToken));
            }

            last = failure!;
            if (!SwapRules.Swaps(last.Outcome, swapOn))
            {
                break;
            }
        }

        throw last is null
            ? Failure(request, plan, attempts, null, false)
            : new StepExecutionException(last.Outcome, last.Message, attempts);
    }

    /// <summary>The eligible providers in the order they will be tried, and why the others were left out.</summary>
    public async Task<RoutePlan> PlanAsync(RouteRequest request, CancellationToken cancellationToken)
    {
        var eligible = new List<RegisteredProvider>();
        var excluded = new List<string>();
        foreach (var id in request.Providers)
        {
            var provider = await directory.FindAsync(request.TenantId, id, cancellationToken);
            var exclusion = provider is null ? "is not registered" : CandidateFilter.Exclusion(provider, request.Capability, request.Constraints);
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

    private async Task<CallOutcome?> InTurnAsync(RoutePlan plan, RouteRequest request, List<ProviderAttempt> attempts, CancellationToken cancellationToken)
    {
        var swapOn = SwapRules.For(request.Policy);
        CallOutcome? last = null;
        IDisposable? retry = null;
        try
        {
            foreach (var candidate in plan.Candidates)
            {
                if (last?.Failure?.Outcome == OutcomeClass.ContextLength && !SwapRules.FitsLargerContext(candidate, last.Provider.Manifest.ContextWindow))
                {
                    continue;
                }

                var admission = Admit(candidate, request, attempts);
                if (!admission.Allowed)
                {
                    continue;
                }

                if (last is not null)
                {
                    retry?.Dispose();
                    retry = budget.TryEnterRetry();
                    if (retry is null)
                    {
                        Release(candidate, request, admission);
                        attempts.Add(Refused(candidate, "retry budget exhausted: too many calls are already being retried"));
                        break;
                    }

                    metrics.Swap(last.Provider.Id, candidate.Id, last.Attempt.Outcome);
                }

                last = await caller.CallAsync(candidate, request, admission.Probe, cancellationToken);
                attempts.Add(last.Attempt);
                if (last.Succeeded || cancellationToken.IsCancellationRequested || !SwapRules.Swaps(last.Attempt.Outcome, swapOn))
                {
                    break;
                }
            }
        }
        finally
        {
            retry?.Dispose();
        }

        return last;
    }

    /// <summary>
    /// Starts the first provider; when it has not answered within the hedge delay (or has failed), starts the next one
    /// too. The first complete answer wins and the others are cancelled.
    /// </summary>
    private async Task<CallOutcome?> HedgedAsync(RoutePlan plan, RouteRequest request, List<ProviderAttempt> attempts, CancellationToken cancellationToken)
    {
        var swapOn = SwapRules.For(request.Policy);
        var delay = Duration.TryParse(request.Policy?.HedgeDelay, out var hedge) ? hedge : options.Value.HedgeDelay;
        using var losers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = new List<Task<CallOutcome>>();
        var next = 0;
        CallOutcome? last = null;
        StartNext();
        while (running.Count > 0)
        {
            var timer = next < plan.Candidates.Count ? Task.Delay(delay, clock, losers.Token) : Task.Delay(Timeout.Infinite, losers.Token);
            var done = await Task.WhenAny([.. running, timer]);
            if (done == timer)
            {
                StartNext();
                continue;
            }

            var finished = (Task<CallOutcome>)done;
            running.Remove(finished);
            last = await finished;
            attempts.Add(last.Attempt);
            var hopeless = !last.Succeeded && (!SwapRules.Swaps(last.Attempt.Outcome, swapOn) || cancellationToken.IsCancellationRequested);
            if (last.Succeeded || hopeless)
            {
                await losers.CancelAsync();
                foreach (var loser in await Task.WhenAll(running))
                {
                    attempts.Add(loser.Attempt with { Error = $"{loser.Attempt.Error} (cancelled: another provider settled the call)" });
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
            while (next < plan.Candidates.Count)
            {
                var candidate = plan.Candidates[next++];
                var admission = Admit(candidate, request, attempts);
                if (admission.Allowed)
                {
                    running.Add(caller.CallAsync(candidate, request, admission.Probe, losers.Token));
                    return;
                }
            }
        }
    }

    private Admission Admit(RegisteredProvider candidate, RouteRequest request, List<ProviderAttempt> attempts)
    {
        var admission = health.Admit(candidate.HealthKey(request.TenantId));
        if (!admission.Allowed)
        {
            attempts.Add(Refused(candidate, admission.Reason!));
        }

        return admission;
    }

    /// <summary>Gives back a probe slot that was granted for a call we then did not make.</summary>
    private void Release(RegisteredProvider candidate, RouteRequest request, Admission admission)
    {
        if (admission.Probe)
        {
            health.Record(candidate.HealthKey(request.TenantId), new Observation(request.Capability, OutcomeClass.Cancelled, 0, Probe: true));
        }
    }

    private ProviderAttempt Refused(RegisteredProvider candidate, string reason) =>
        new(candidate.Id, OutcomeClass.Unavailable, 0, $"not called: {reason}", StartedAt: clock.GetUtcNow());

    private static CancellationTokenSource Deadline(RoutingPolicy? policy, CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (Duration.TryParse(policy?.Deadline, out var deadline))
        {
            source.CancelAfter(deadline);
        }

        return source;
    }

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
