using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines.Connectors.Remote;

/// <summary>
/// Every way a remote call can fail, converted to one <see cref="ConnectorException"/> here and nowhere else:
/// an error status with or without the protocol's error body, a transport failure, a timeout, a malformed answer.
/// </summary>
public static class RemoteFailures
{
    /// <summary>
    /// A non-2xx answer. A recognised <c>error.class</c> in the body wins; otherwise the status decides (protocol table).
    /// Retry-After comes from the header (seconds or a date) or else from <c>error.retryAfterSeconds</c>.
    /// </summary>
    public static ConnectorException FromStatus(
        string provider, HttpStatusCode status, string? body, RetryConditionHeaderValue? retryAfter = null, DateTimeOffset? now = null)
    {
        var (declared, message, retrySeconds) = ReadError(body);
        var outcome = declared ?? FromStatusCode(status);
        var wait = retryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => Max(date - (now ?? DateTimeOffset.UtcNow)),
            _ => retrySeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null,
        };
        var text = $"{provider}: HTTP {(int)status} ({outcome.WireName()})" + (message is null ? "." : $": {Trim(message)}");
        return new ConnectorException(outcome, text, wait);
    }

    /// <summary>An <c>event: error</c> in a stream: the body's class, or unavailable.</summary>
    public static ConnectorException FromStreamError(string provider, string? data)
    {
        var (declared, message, retrySeconds) = ReadError(data);
        var outcome = declared ?? OutcomeClass.Unavailable;
        return new ConnectorException(
            outcome,
            $"{provider}: the stream failed ({outcome.WireName()})" + (message is null ? "." : $": {Trim(message)}"),
            retrySeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
    }

    /// <summary>A 2xx answer the protocol does not allow (not JSON, no <c>output</c>, a cut stream).</summary>
    public static ConnectorException Malformed(string provider, string what, Exception? inner = null) =>
        new(OutcomeClass.Unavailable, $"{provider}: the connector's answer is malformed: {what}.", inner: inner);

    /// <summary>Anything thrown while calling: the caller's cancellation, our deadline, the network, bad JSON.</summary>
    public static ConnectorException FromException(Exception exception, string provider, bool callerCancelled)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            ConnectorException known => known,
            OperationCanceledException when callerCancelled =>
                new(OutcomeClass.Cancelled, $"{provider}: the call was cancelled.", inner: exception),
            OperationCanceledException =>
                new(OutcomeClass.Timeout, $"{provider}: no answer within the deadline.", inner: exception),
            HttpRequestException http =>
                new(OutcomeClass.Unavailable, $"{provider}: could not reach the connector ({http.HttpRequestError}).", inner: exception),
            JsonException => Malformed(provider, "not valid JSON", exception),
            IOException => new(OutcomeClass.Unavailable, $"{provider}: the connection broke.", inner: exception),
            _ => new(OutcomeClass.Unavailable, $"{provider}: {exception.GetType().Name}.", inner: exception),
        };
    }

    /// <summary>The status table of the protocol, used when the body names no class.</summary>
    public static OutcomeClass FromStatusCode(HttpStatusCode status) => status switch
    {
        HttpStatusCode.TooManyRequests => OutcomeClass.RateLimited,
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => OutcomeClass.Auth,
        HttpStatusCode.RequestTimeout or HttpStatusCode.GatewayTimeout => OutcomeClass.Timeout,
        >= HttpStatusCode.InternalServerError => OutcomeClass.Unavailable,
        _ => OutcomeClass.InvalidRequest,
    };

    private static (OutcomeClass? Class, string? Message, double? RetryAfterSeconds) ReadError(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null, null);
        }

        try
        {
            if (JsonNode.Parse(body) is JsonObject root && root["error"] is JsonObject error)
            {
                var name = error["class"] is JsonValue c && c.TryGetValue<string>(out var s) ? s : null;
                var message = error["message"] is JsonValue m && m.TryGetValue<string>(out var t) ? t : null;
                var retry = error["retryAfterSeconds"] is JsonValue r && r.TryGetValue<double>(out var d) && d >= 0 ? d : (double?)null;
                return (RemoteProtocol.ParseFailureClass(name), message, retry);
            }
        }
        catch (JsonException)
        {
            // Not the protocol's error body: the status alone decides.
        }

        return (null, null, null);
    }

    private static TimeSpan Max(TimeSpan wait) => wait < TimeSpan.Zero ? TimeSpan.Zero : wait;

    private static string Trim(string message) => message.Length <= 300 ? message : message[..300] + "…";
}
