using Pipelines.Core.Definitions;

namespace Pipelines.Routing.Policies;

/// <summary>A route's or step's policy with every unset field taken from <see cref="RoutingOptions"/>: what one routed call applies.</summary>
public sealed record EffectivePolicy(
    int Retries,
    TimeSpan RetryBackoff,
    TimeSpan MaxRetryBackoff,
    TimeSpan MaxRetryAfter,
    TimeSpan FirstTokenTimeout,
    TimeSpan StallTimeout,
    TimeSpan AttemptTimeout,
    TimeSpan HedgeDelay,
    TimeSpan? Deadline)
{
    /// <summary>Timers take at most about 49 days; a definition may say a year. Longer than this is "no limit" in practice.</summary>
    public static readonly TimeSpan LongestTimer = TimeSpan.FromDays(24);

    public static EffectivePolicy Of(RoutingPolicy? policy, RoutingOptions defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        return new(
            policy?.Retries ?? defaults.Retries,
            Or(policy?.RetryBackoff, defaults.RetryBackoff),
            Or(policy?.MaxRetryBackoff, defaults.MaxRetryBackoff),
            Or(policy?.MaxRetryAfter, defaults.MaxRetryAfter),
            Or(policy?.FirstTokenTimeout, defaults.TimeToFirstToken),
            Or(policy?.StallTimeout, defaults.StallTimeout),
            Or(policy?.AttemptTimeout, defaults.AttemptTimeout),
            Or(policy?.HedgeDelay, defaults.HedgeDelay),
            Duration.TryParse(policy?.Deadline, out var deadline) ? Bounded(deadline) : null);
    }

    private static TimeSpan Or(string? text, TimeSpan fallback) => Bounded(Duration.TryParse(text, out var value) ? value : fallback);

    private static TimeSpan Bounded(TimeSpan value) => value < LongestTimer ? value : LongestTimer;
}
