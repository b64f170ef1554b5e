namespace Pipelines.Connectors;

public static class OutcomeClassNames
{
    /// <summary>
    /// The outcome class as every wire spells it (<c>rate_limited</c>): the remote connector protocol, the gateway's
    /// headers and stream errors.
    /// </summary>
    public static string WireName(this OutcomeClass outcome) => outcome switch
    {
        OutcomeClass.Ok => "ok",
        OutcomeClass.Timeout => "timeout",
        OutcomeClass.RateLimited => "rate_limited",
        OutcomeClass.Unavailable => "unavailable",
        OutcomeClass.Filtered => "filtered",
        OutcomeClass.InvalidRequest => "invalid_request",
        OutcomeClass.ContextLength => "context_length",
        OutcomeClass.Auth => "auth",
        OutcomeClass.Stalled => "stalled",
        OutcomeClass.Cancelled => "cancelled",
        OutcomeClass.InvalidOutput => "invalid_output",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}
