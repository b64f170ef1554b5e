using Pipelines.Connectors;

namespace Pipelines.Routing.Health;

/// <summary>What <c>GET /api/v1/providers/{id}/health</c> shows.</summary>
public sealed record HealthSnapshot(
    string Key,
    double Score,
    CircuitView Circuit,
    IReadOnlyList<CapabilityHealth> Capabilities,
    IReadOnlyList<RecentFailure> RecentFailures,
    IReadOnlyDictionary<string, double> RefusalsByScope);

public sealed record CircuitView(CircuitState State, int Openings, string? Reason, DateTimeOffset? OpenedAt, DateTimeOffset? RetryAt, int ConsecutiveFailures);

/// <summary>Window statistics on one capability; counts are time-decayed (see docs/routing.md).</summary>
public sealed record CapabilityHealth(
    string Capability,
    double Score,
    double SuccessRate,
    double Calls,
    double RateLimitedRatio,
    double TimeoutRatio,
    double OwnSideFailures,
    double Refusals,
    double? LatencyP50Ms,
    double? LatencyP95Ms,
    double? FirstTokenP50Ms,
    double? FirstTokenP95Ms);

public sealed record RecentFailure(DateTimeOffset At, string Capability, OutcomeClass Outcome, string? Error);
