using Pipelines.Connectors;
using Pipelines.Routing.Policies;

namespace Pipelines.Routing;

/// <summary>
/// What every attempt of one routed call shares: the effective policy, the swap rules, the deadline over all attempts,
/// and the call's claim on the retry budget (the first attempt is free; the first retry or swap takes one slot,
/// held until the call ends, as Envoy counts a request being retried).
/// </summary>
internal sealed class RoutedCall(RouteRequest request, EffectivePolicy policy, RetryBudget budget, DateTimeOffset startedAt) : IDisposable
{
    private readonly Lock _gate = new();
    private IDisposable? _slot;
    private int _attempts;
    private volatile bool _deadlineReached;

    public RouteRequest Request => request;

    public EffectivePolicy Policy => policy;

    public IReadOnlySet<OutcomeClass> SwapOn { get; } = SwapRules.For(request.Policy);

    public DateTimeOffset? DeadlineAt { get; } = startedAt + policy.Deadline;

    /// <summary>True once an attempt was refused for want of a retry slot: the call stops there.</summary>
    public bool BudgetSpent { get; private set; }

    /// <summary>
    /// True once the deadline is reached, by the clock or because an attempt's limit was cut to it and ran out (a timer
    /// may fire a moment before the clock reads the deadline).
    /// </summary>
    public bool DeadlinePassed(DateTimeOffset now) => _deadlineReached || now >= DeadlineAt;

    /// <summary>The first-token limit of an attempt starting now: the policy's, or less when the deadline comes first.</summary>
    public TimeSpan FirstTokenLimit(DateTimeOffset now, out bool cutToDeadline)
    {
        cutToDeadline = DeadlineAt is { } end && end - now < policy.FirstTokenTimeout;
        return cutToDeadline ? TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, (DeadlineAt!.Value - now).Ticks)) : policy.FirstTokenTimeout;
    }

    /// <summary>An attempt whose limit was cut to the deadline ran out: the deadline is reached.</summary>
    public void DeadlineReached() => _deadlineReached = true;

    /// <summary>Whether one more attempt (of any provider) fits the retry budget.</summary>
    public bool TryAttempt()
    {
        lock (_gate)
        {
            if (++_attempts == 1 || _slot is not null)
            {
                return true;
            }

            _slot = budget.TryEnterRetry();
            BudgetSpent = _slot is null;
            return !BudgetSpent;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _slot?.Dispose();
        }
    }
}
