namespace Pipelines.Sandbox;

/// <summary>What the sandbox does instead of answering normally.</summary>
public enum FaultKind
{
    /// <summary>Answer with an HTTP error status (and optionally an OpenAI error code and Retry-After).</summary>
    Status,

    /// <summary>Wait before answering (a slow provider, or a timeout when longer than the caller's budget).</summary>
    Latency,

    /// <summary>200 with finish_reason content_filter and no content, as Azure OpenAI does.</summary>
    ContentFilter,

    /// <summary>Streaming: send some tokens, then go silent without closing.</summary>
    Stall,

    /// <summary>Streaming: send some tokens, then drop the connection.</summary>
    Cut,

    /// <summary>200 with a body that is not JSON.</summary>
    Malformed,
}

/// <summary>
/// A scripted fault for one model (or "*"), applied to the next <see cref="Times"/> calls (all calls when null).
/// </summary>
public sealed record FaultRule(
    FaultKind Kind,
    string Model = "*",
    int? Status = null,
    string? Code = null,
    int? RetryAfterSeconds = null,
    int DelayMs = 0,
    int AfterTokens = 2,
    int? Times = null);
