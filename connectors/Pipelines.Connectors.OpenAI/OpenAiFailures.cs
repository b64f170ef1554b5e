using System.ClientModel;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Pipelines.Connectors.OpenAI;

/// <summary>
/// Converts everything Microsoft.Extensions.AI and the OpenAI client can throw into one <see cref="ConnectorException"/>: the
/// only place where a vendor failure becomes an outcome class, for chat (streamed or not) and embeddings alike.
/// </summary>
public static class OpenAiFailures
{
    /// <summary>
    /// The outcome of a failed call. <paramref name="callerCancelled"/> tells a cancellation by the caller (Cancelled)
    /// from our own time limit (Timeout); <paramref name="streaming"/> says the failure came while reading a streamed
    /// answer, where a cut connection or a malformed chunk means an incomplete answer.
    /// </summary>
    public static ConnectorException ToConnectorException(this Exception exception, string provider, bool callerCancelled, bool streaming = false)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            ConnectorException connector => connector,
            OperationCanceledException when callerCancelled =>
                new(OutcomeClass.Cancelled, $"{provider}: the call was cancelled.", inner: exception),
            OperationCanceledException =>
                new(OutcomeClass.Timeout, $"{provider}: no answer within the time limit.", inner: exception),
            ClientResultException { Status: > 0 } client => FromStatus(
                provider, (HttpStatusCode)client.Status, client.GetRawResponse()?.Content?.ToString(), client.GetRawResponse(), exception, streaming),
            JsonException when streaming =>
                Incomplete(provider, "a chunk was not valid JSON", exception),
            JsonException =>
                new(OutcomeClass.Unavailable, $"{provider}: the response was not valid JSON.", inner: exception),
            IOException or HttpRequestException or ClientResultException when streaming =>
                Incomplete(provider, Describe(exception), exception),
            ClientResultException or HttpRequestException =>
                new(OutcomeClass.Unavailable, $"{provider}: could not connect or the connection was dropped.", inner: exception),
            IOException =>
                new(OutcomeClass.Unavailable, $"{provider}: the connection was dropped ({exception.Message}).", inner: exception),
            _ when streaming => Incomplete(provider, exception.GetType().Name, exception),
            _ => new(OutcomeClass.Unavailable, $"{provider}: {exception.GetType().Name}.", inner: exception),
        };
    }

    /// <summary>A streamed answer that stopped before its end: never to be taken for a complete one.</summary>
    public static ConnectorException Incomplete(string provider, string why, Exception? inner = null) =>
        new(OutcomeClass.Unavailable, $"{provider}: the streamed answer is incomplete: {why}.", inner: inner);

    /// <summary>The error code OpenAI and Azure put in the body: {"error": {"code": "content_filter"}}.</summary>
    public static string? ErrorCode(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("code", out var code)
                && code.ValueKind == JsonValueKind.String
                ? code.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The outcome class of an HTTP answer, from its status and the error code in its body.</summary>
    public static OutcomeClass Classify(HttpStatusCode? status, string? code) => (status, code) switch
    {
        (_, "content_filter" or "content_policy_violation" or "ResponsibleAIPolicyViolation") => OutcomeClass.Filtered,
        (_, "context_length_exceeded" or "string_above_max_length") => OutcomeClass.ContextLength,
        (null, _) => OutcomeClass.Unavailable,
        (HttpStatusCode.TooManyRequests, _) => OutcomeClass.RateLimited,
        (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, _) => OutcomeClass.Auth,
        (HttpStatusCode.RequestTimeout or HttpStatusCode.GatewayTimeout, _) => OutcomeClass.Timeout,
        ( >= HttpStatusCode.InternalServerError, _) => OutcomeClass.Unavailable,
        _ => OutcomeClass.InvalidRequest,
    };

    /// <summary>How long the provider asks us to wait: <c>retry-after-ms</c>, else <c>Retry-After</c> in seconds or as a date.</summary>
    public static TimeSpan? RetryAfter(string? retryAfterMs, string? retryAfter, DateTimeOffset now)
    {
        if (double.TryParse(retryAfterMs, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        if (int.TryParse(retryAfter, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date > now ? date - now : TimeSpan.Zero
            : null;
    }

    private static ConnectorException FromStatus(
        string provider, HttpStatusCode? status, string? body, System.ClientModel.Primitives.PipelineResponse? response, Exception exception, bool streaming)
    {
        if (status is null && streaming)
        {
            return Incomplete(provider, Describe(exception), exception);
        }

        var code = ErrorCode(body);
        var statusText = status is null ? "no response" : $"HTTP {(int)status}";
        return new ConnectorException(
            Classify(status, code),
            $"{provider}: {statusText}{(code is null ? "" : $" ({code})")}.",
            RetryAfter(Header(response, "retry-after-ms"), Header(response, "Retry-After"), DateTimeOffset.UtcNow),
            exception);
    }

    private static string? Header(System.ClientModel.Primitives.PipelineResponse? response, string name) =>
        response?.Headers.TryGetValue(name, out var value) == true ? value : null;

    /// <summary>The innermost message, which names what went wrong on the wire (e.g. "the response ended prematurely").</summary>
    private static string Describe(Exception exception)
    {
        var inner = exception;
        while (inner.InnerException is { } next)
        {
            inner = next;
        }

        return inner.Message.TrimEnd('.');
    }
}
