using Pipelines.Connectors;

namespace Pipelines.Routing.Health;

/// <summary>One provider's record on one capability: decayed outcome counts and latency windows. Guarded by its owner's lock.</summary>
internal sealed class CapabilityStats
{
    public DecayingCounter Successes;
    public DecayingCounter Failures;
    public DecayingCounter RateLimited;
    public DecayingCounter Timeouts;
    public DecayingCounter OwnSide;
    public DecayingCounter Refusals;

    public LatencyWindow Latency { get; } = new();

    public LatencyWindow FirstToken { get; } = new();

    public void Add(Observation observation, long now, double halfLife)
    {
        if (observation.Outcome == OutcomeClass.Ok)
        {
            Successes.Add(now, halfLife);
            Latency.Add(observation.LatencyMs);
            if (observation.FirstTokenMs is { } firstToken)
            {
                FirstToken.Add(firstToken);
            }

            return;
        }

        if (observation.Outcome == OutcomeClass.Filtered)
        {
            Refusals.Add(now, halfLife);
        }
        else if (observation.IsOwnSide)
        {
            OwnSide.Add(now, halfLife);
        }
        else if (observation.IsProviderFailure)
        {
            Failures.Add(now, halfLife);
            if (observation.Outcome == OutcomeClass.RateLimited)
            {
                RateLimited.Add(now, halfLife);
            }
            else if (observation.Outcome is OutcomeClass.Timeout or OutcomeClass.Stalled)
            {
                Timeouts.Add(now, halfLife);
            }
        }
    }

    /// <summary>Laplace-smoothed: a provider with no history starts at 1, one failure among few calls does not sink it.</summary>
    public double SuccessRate(long now, double halfLife)
    {
        var successes = Successes.ValueAt(now, halfLife);
        return (successes + 1) / (successes + Failures.ValueAt(now, halfLife) + 1);
    }

    public double Calls(long now, double halfLife) => Successes.ValueAt(now, halfLife) + Failures.ValueAt(now, halfLife);
}
