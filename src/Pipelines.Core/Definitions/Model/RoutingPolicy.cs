namespace Pipelines.Core.Definitions;

/// <summary>How the router picks among a step's providers and when it swaps to the next one.</summary>
public sealed record RoutingPolicy
{
    public RoutingStrategy? Strategy { get; init; }

    /// <summary>Outcome classes that make the router try another provider.</summary>
    public IReadOnlyList<SwapReason> SwapOn { get; init; } = [];

    /// <summary>Provider id to relative weight, for the weighted strategy.</summary>
    public IReadOnlyDictionary<string, decimal> Weights { get; init; } = new Dictionary<string, decimal>();

    /// <summary>For the hedged strategy: how long to wait before starting the next provider in parallel.</summary>
    public string? HedgeDelay { get; init; }

    /// <summary>Total time budget across every attempt and swap.</summary>
    public string? Deadline { get; init; }
}
