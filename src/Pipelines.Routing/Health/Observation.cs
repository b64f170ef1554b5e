using Pipelines.Connectors;

namespace Pipelines.Routing.Health;

/// <summary>The outcome of one call, as health and the circuit breaker learn from it.</summary>
public sealed record Observation(
    string Capability,
    OutcomeClass Outcome,
    double LatencyMs,
    double? FirstTokenMs = null,
    TimeSpan? RetryAfter = null,
    string? Error = null,
    bool Probe = false,
    string? Scope = null)
{
    /// <summary>Failures that say something about the provider; ours (cancellation, bad requests) and refusals do not.</summary>
    public bool IsProviderFailure => Outcome is OutcomeClass.Timeout or OutcomeClass.RateLimited or OutcomeClass.Unavailable
        or OutcomeClass.Stalled or OutcomeClass.Auth;

    public bool IsOwnSide => Outcome is OutcomeClass.Cancelled or OutcomeClass.InvalidRequest;
}
