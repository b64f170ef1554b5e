namespace Pipelines.Sandbox;

/// <summary>What the sandbox does instead of answering normally.</summary>
public enum FaultKind
{
    /// <summary>Answer with an HTTP error status (and optionally an OpenAI error code and Retry-After).</summary>
    Status,

    /// <summary>Wait <see cref="FaultRule.DelayMs"/> before answering at all (no headers either): whole-response latency.</summary>
    Latency,

    /// <summary>
    /// finish_reason content_filter, as Azure OpenAI does: with no content when not streaming, after
    /// <see cref="FaultRule.AfterTokens"/> tokens when streaming. Embeddings answer 400 with code content_filter.
    /// </summary>
    ContentFilter,

    /// <summary>Send <see cref="FaultRule.AfterTokens"/> tokens (half the body when not streaming), then go silent without closing.</summary>
    Stall,

    /// <summary>Send <see cref="FaultRule.AfterTokens"/> tokens (half the body when not streaming), then drop the connection.</summary>
    Cut,

    /// <summary>200 with a body that is not JSON.</summary>
    Malformed,

    /// <summary>
    /// Time to first token: headers go out at once, the first chunk after <see cref="FaultRule.DelayMs"/>.
    /// Not streaming, the answer waits that long.
    /// </summary>
    SlowFirstToken,

    /// <summary>Token rate: <see cref="FaultRule.DelayMs"/> between chunks. Not streaming, the answer waits that long per token.</summary>
    SlowTokens,

    /// <summary>Drop the connection without any response.</summary>
    Reset,

    /// <summary>Accept the request and never answer: hold it open until the client gives up.</summary>
    NoResponse,

    /// <summary>Streaming: after <see cref="FaultRule.AfterTokens"/> tokens, one chunk that is not JSON (the stream then goes on). Not streaming: as <see cref="Malformed"/>.</summary>
    MalformedChunk,

    /// <summary>
    /// Streaming: every token, then the stream closes cleanly without a finish_reason, usage or <c>[DONE]</c>.
    /// Not streaming: half the body, then a clean end (a truncated answer).
    /// </summary>
    NoDone,

    /// <summary>Not a fault: answer exactly <see cref="FaultRule.Content"/> (streamed word by word), e.g. to script a model's JSON.</summary>
    Reply,
}

/// <summary>
/// A scripted fault for one model (or "*"), applied to the next <see cref="Times"/> calls (all calls when null) and,
/// when <see cref="ForSeconds"/> is set, only for that long after it was added: the provider then recovers.
/// <see cref="Content"/> is the answer of a <see cref="FaultKind.Reply"/> rule.
/// <see cref="DelayMs"/> is waited before the fault acts, except for <see cref="FaultKind.SlowFirstToken"/> and
/// <see cref="FaultKind.SlowTokens"/>, where it is the delay itself.
/// </summary>
public sealed record FaultRule(
    FaultKind Kind,
    string Model = "*",
    int? Status = null,
    string? Code = null,
    int? RetryAfterSeconds = null,
    int DelayMs = 0,
    int AfterTokens = 2,
    int? Times = null,
    double? ForSeconds = null,
    string? Content = null);
