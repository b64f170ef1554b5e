using System.ComponentModel.DataAnnotations;

namespace Pipelines.Routing;

/// <summary>Health, circuit and streaming defaults (<c>Pipelines:Routing</c>); docs/routing.md explains each.</summary>
public sealed class RoutingOptions
{
    public const string SectionName = "Pipelines:Routing";

    /// <summary>Half-life of the time-decayed counters behind the success rate.</summary>
    public TimeSpan HealthHalfLife { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>p50 latency at which the latency factor of the score halves.</summary>
    public TimeSpan LatencyTarget { get; set; } = TimeSpan.FromSeconds(5);

    [Range(1, 1000)]
    public int ConsecutiveFailuresToOpen { get; set; } = 5;

    [Range(0.01, 1)]
    public double FailureRatioToOpen { get; set; } = 0.5;

    /// <summary>Calls (decayed) a provider needs before its failure ratio or outlier test can open its circuit.</summary>
    [Range(1, 100000)]
    public int MinimumCalls { get; set; } = 10;

    /// <summary>Ejection when the success rate is below the peers' mean minus this many standard deviations.</summary>
    [Range(0.5, 10)]
    public double OutlierDeviations { get; set; } = 1.9;

    /// <summary>Panic threshold: never hold more than this share of a capability's providers open as outliers.</summary>
    [Range(0, 1)]
    public double MaxEjectedShare { get; set; } = 0.5;

    /// <summary>First break time; each further opening doubles it up to <see cref="MaxBreakTime"/>.</summary>
    public TimeSpan BreakTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The longest any circuit stays open before a probe may test it, whether the break grew by doubling or a
    /// Retry-After asked for more: it bounds how long a recovered provider waits for traffic.
    /// </summary>
    public TimeSpan MaxBreakTime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Probe calls admitted at once while half-open; this many successes close the circuit.</summary>
    [Range(1, 100)]
    public int HalfOpenProbes { get; set; } = 1;

    /// <summary>An open circuit whose break has ended gets an active probe when no real call has tested it for this long.</summary>
    public TimeSpan ActiveProbeAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Retry budget: swaps in flight may be at most this share of calls in flight (or <see cref="MinRetryConcurrency"/>).</summary>
    [Range(0, 1)]
    public double RetryBudgetRatio { get; set; } = 0.2;

    [Range(0, 10000)]
    public int MinRetryConcurrency { get; set; } = 10;

    /// <summary>Streaming: longest wait for the first token before the router swaps (a policy's <c>firstTokenTimeout</c> overrides it).</summary>
    public TimeSpan TimeToFirstToken { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Streaming: longest silence between tokens (a policy's <c>stallTimeout</c> overrides it).</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest time for one whole attempt (a policy's <c>attemptTimeout</c> overrides it).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Further attempts on the same provider after rate_limited, unavailable or timeout, before swapping (policy <c>retries</c>).</summary>
    [Range(0, 10)]
    public int Retries { get; set; } = 2;

    /// <summary>Wait before the first retry, doubled for each further one with jitter (policy <c>retryBackoff</c>).</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Cap on the wait between retries (policy <c>maxRetryBackoff</c>).</summary>
    public TimeSpan MaxRetryBackoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest Retry-After waited out to retry the same provider; a longer one swaps at once (policy <c>maxRetryAfter</c>).</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>For the hedged strategy when the step sets no <c>hedgeDelay</c>.</summary>
    public TimeSpan HedgeDelay { get; set; } = TimeSpan.FromSeconds(2);
}
