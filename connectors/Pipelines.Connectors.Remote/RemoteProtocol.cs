namespace Pipelines.Connectors.Remote;

/// <summary>Names fixed by the remote connector protocol, version 1 (docs/connectors/remote-protocol.md).</summary>
public static class RemoteProtocol
{
    public const string Version = "1";

    public const string ProtocolHeader = "X-Pipelines-Protocol";

    public const string DeadlineHeader = "X-Pipelines-Deadline-Ms";

    public const string ManifestPath = "manifest";

    public const string InvokePath = "invoke";

    public const string HealthPath = "health";

    public const string EventStream = "text/event-stream";

    /// <summary>The failure class a connector put in an error body; null for <c>ok</c>, unknown names and nothing.</summary>
    public static OutcomeClass? ParseFailureClass(string? name) => name switch
    {
        "timeout" => OutcomeClass.Timeout,
        "rate_limited" => OutcomeClass.RateLimited,
        "unavailable" => OutcomeClass.Unavailable,
        "filtered" => OutcomeClass.Filtered,
        "invalid_request" => OutcomeClass.InvalidRequest,
        "context_length" => OutcomeClass.ContextLength,
        "auth" => OutcomeClass.Auth,
        "stalled" => OutcomeClass.Stalled,
        "invalid_output" => OutcomeClass.InvalidOutput,
        _ => null,
    };

    /// <summary>The base address with a trailing slash, so relative paths keep a prefix (<c>/keywords/</c> + <c>invoke</c>).</summary>
    public static Uri Resolve(Uri baseUrl, string path)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var text = baseUrl.AbsoluteUri;
        return new Uri(new Uri(text.EndsWith('/') ? text : text + "/"), path);
    }
}
