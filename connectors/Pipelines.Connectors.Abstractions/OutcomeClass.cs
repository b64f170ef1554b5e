namespace Pipelines.Connectors;

/// <summary>What happened on one call to a provider. The router swaps, retries or gives up by class, never by message text.</summary>
public enum OutcomeClass
{
    Ok,
    Timeout,
    RateLimited,
    Unavailable,
    Filtered,
    InvalidRequest,
    ContextLength,
    Auth,
    Stalled,
    Cancelled,

    /// <summary>The answer is not the JSON the request asked for (not JSON, or it breaks the response schema).</summary>
    InvalidOutput,
}
