namespace Pipelines.Connectors;

/// <summary>
/// The one error type executors throw. <see cref="Outcome"/> decides whether the engine retries:
/// a fault of the request itself (invalid request, auth, filtered) is not retried; an answer that broke the
/// response format is (models answer differently on another try).
/// </summary>
public sealed class StepExecutionException(OutcomeClass outcome, string message, IReadOnlyList<ProviderAttempt>? attempts = null, Exception? inner = null)
    : Exception(message, inner)
{
    public OutcomeClass Outcome { get; } = outcome;

    public IReadOnlyList<ProviderAttempt> Attempts { get; } = attempts ?? [];

    public bool IsRetryable => Outcome is OutcomeClass.Timeout or OutcomeClass.RateLimited or OutcomeClass.Unavailable or OutcomeClass.Stalled
        or OutcomeClass.InvalidOutput;
}
