namespace Pipelines.Core.Definitions;

/// <summary>
/// How the router picks among a step's (or a gateway route's) providers, how often it retries one before swapping,
/// and the limits on each attempt. Unset fields take the service's defaults (docs/routing.md lists them).
/// </summary>
public sealed record RoutingPolicy
{
    public RoutingStrategy? Strategy { get; init; }

    /// <summary>Outcome classes that make the router try another provider.</summary>
    public IReadOnlyList<SwapReason> SwapOn { get; init; } = [];

    /// <summary>Provider id to relative weight, for the weighted strategy.</summary>
    public IReadOnlyDictionary<string, decimal> Weights { get; init; } = new Dictionary<string, decimal>();

    /// <summary>For the hedged strategy: how long to wait before starting the next provider in parallel.</summary>
    public string? HedgeDelay { get; init; }

    /// <summary>Total time budget across every attempt, retry and swap, streams included.</summary>
    public string? Deadline { get; init; }

    /// <summary>Further attempts on the same provider after a rate limit, an unavailable provider or a timeout, before swapping.</summary>
    public int? Retries { get; init; }

    /// <summary>Wait before the first retry; it doubles for each further retry (with jitter) up to <see cref="MaxRetryBackoff"/>.</summary>
    public string? RetryBackoff { get; init; }

    public string? MaxRetryBackoff { get; init; }

    /// <summary>Longest <c>Retry-After</c> the router waits out to retry the same provider; a longer one swaps at once.</summary>
    public string? MaxRetryAfter { get; init; }

    /// <summary>Per attempt: longest wait for the first streamed token.</summary>
    public string? FirstTokenTimeout { get; init; }

    /// <summary>Per attempt: longest silence between streamed tokens.</summary>
    public string? StallTimeout { get; init; }

    /// <summary>Per attempt: longest time for one whole call.</summary>
    public string? AttemptTimeout { get; init; }

    /// <summary>When a streamed answer is committed to the caller (gateway streams): at its first token, or once whole.</summary>
    public StreamCommit? Commit { get; init; }
}
