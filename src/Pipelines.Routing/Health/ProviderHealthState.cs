namespace Pipelines.Routing.Health;

/// <summary>Everything known about one provider: per-capability statistics and its circuit. Every field is guarded by <see cref="Gate"/>.</summary>
internal sealed class ProviderHealthState
{
    public const int RecentFailureCount = 10;

    public Lock Gate { get; } = new();

    public Dictionary<string, CapabilityStats> Stats { get; } = new(StringComparer.Ordinal);

    public Queue<RecentFailure> RecentFailures { get; } = new();

    /// <summary>Refusals per scope (a pipeline step or a gateway route): a provider that refuses one step's prompts is not ill.</summary>
    public Dictionary<string, DecayingCounter> RefusalsByScope { get; } = new(StringComparer.Ordinal);

    public CircuitState State { get; set; }

    public int Openings { get; set; }

    public int ConsecutiveFailures { get; set; }

    public long OpenedAt { get; set; }

    public long OpenUntil { get; set; }

    public long ClosedAt { get; set; }

    public long LastCallAt { get; set; }

    public string? Reason { get; set; }

    public int ProbesInFlight { get; set; }

    public int HalfOpenSuccesses { get; set; }

    public CapabilityStats StatsFor(string capability)
    {
        if (!Stats.TryGetValue(capability, out var stats))
        {
            stats = new CapabilityStats();
            Stats[capability] = stats;
        }

        return stats;
    }
}
