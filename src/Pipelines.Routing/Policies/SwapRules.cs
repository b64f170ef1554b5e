using Pipelines.Connectors;
using Pipelines.Core.Definitions;

namespace Pipelines.Routing.Policies;

/// <summary>Which failures move a call to the next provider.</summary>
public static class SwapRules
{
    public static IReadOnlySet<OutcomeClass> Default { get; } =
        new HashSet<OutcomeClass> { OutcomeClass.Unavailable, OutcomeClass.Timeout, OutcomeClass.RateLimited, OutcomeClass.Stalled };

    public static IReadOnlySet<OutcomeClass> For(RoutingPolicy? policy) =>
        policy is { SwapOn.Count: > 0 } ? policy.SwapOn.Select(ToOutcome).ToHashSet() : Default;

    /// <summary>
    /// Invalid requests and auth failures never swap: another provider would fail the same way, or the fault is in our
    /// configuration. Content filtering swaps only where the step opted in.
    /// </summary>
    public static bool Swaps(OutcomeClass outcome, IReadOnlySet<OutcomeClass> swapOn) =>
        outcome is not (OutcomeClass.InvalidRequest or OutcomeClass.Auth or OutcomeClass.Cancelled or OutcomeClass.Ok)
        && swapOn.Contains(outcome);

    /// <summary>
    /// After a context-length failure, a provider is worth trying unless both windows are known and its own is no
    /// larger: an undeclared window may be the larger one.
    /// </summary>
    public static bool FitsLargerContext(RegisteredProvider candidate, int? failedWindow) =>
        candidate.Manifest.ContextWindow is not { } window || failedWindow is not { } failed || window > failed;

    private static OutcomeClass ToOutcome(SwapReason reason) => reason switch
    {
        SwapReason.Unavailable => OutcomeClass.Unavailable,
        SwapReason.Timeout => OutcomeClass.Timeout,
        SwapReason.RateLimited => OutcomeClass.RateLimited,
        SwapReason.Stalled => OutcomeClass.Stalled,
        SwapReason.Filtered => OutcomeClass.Filtered,
        SwapReason.ContextLength => OutcomeClass.ContextLength,
        SwapReason.InvalidOutput => OutcomeClass.InvalidOutput,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
