using Pipelines.Connectors;

namespace Pipelines.Routing.Policies;

/// <summary>When a failed provider is worth another attempt before swapping, and how long to wait first.</summary>
public static class RetryRules
{
    /// <summary>Transient failures: the same provider may well answer the next call. Stalls and refusals swap at once.</summary>
    public static IReadOnlySet<OutcomeClass> Retryable { get; } =
        new HashSet<OutcomeClass> { OutcomeClass.RateLimited, OutcomeClass.Unavailable, OutcomeClass.Timeout };

    /// <summary>
    /// The wait before retrying the same provider after <paramref name="retriesDone"/> retries, or null to swap now:
    /// a Retry-After is honoured when within <see cref="EffectivePolicy.MaxRetryAfter"/> (a longer one swaps), otherwise
    /// the backoff doubles from <see cref="EffectivePolicy.RetryBackoff"/> up to its cap, half of it jittered.
    /// </summary>
    public static TimeSpan? WaitBeforeRetry(OutcomeClass outcome, TimeSpan? retryAfter, int retriesDone, EffectivePolicy policy, double random)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (retriesDone >= policy.Retries || !Retryable.Contains(outcome))
        {
            return null;
        }

        if (retryAfter is { } asked && asked > TimeSpan.Zero)
        {
            return asked <= policy.MaxRetryAfter ? asked : null;
        }

        // In ticks as a double, capped before it becomes a TimeSpan again, so no base and retry count can overflow.
        var capped = Math.Min(policy.RetryBackoff.Ticks * Math.Pow(2, retriesDone), policy.MaxRetryBackoff.Ticks);
        return TimeSpan.FromTicks((long)((capped / 2) + (capped / 2 * random)));
    }
}
