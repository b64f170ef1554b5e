using System.ClientModel;
using System.Net;
using System.Text.Json;
using Microsoft.SemanticKernel;

namespace Pipelines.Connectors.OpenAI;

/// <summary>Converts everything Semantic Kernel and the OpenAI client can throw into one <see cref="ConnectorException"/>.</summary>
public static class OpenAiFailures
{
    public static ConnectorException ToConnectorException(this Exception exception, string provider, bool callerCancelled) => exception switch
    {
        OperationCanceledException when callerCancelled =>
            new(OutcomeClass.Cancelled, $"{provider}: the call was cancelled.", inner: exception),
        OperationCanceledException =>
            new(OutcomeClass.Timeout, $"{provider}: no answer within the time limit.", inner: exception),
        HttpOperationException http => FromHttp(http, provider),
        JsonException =>
            new(OutcomeClass.Unavailable, $"{provider}: the response was not valid JSON.", inner: exception),
        ClientResultException client when client.Status == 0 =>
            new(OutcomeClass.Unavailable, $"{provider}: could not connect.", inner: exception),
        HttpRequestException =>
            new(OutcomeClass.Unavailable, $"{provider}: could not connect.", inner: exception),
        _ => new(OutcomeClass.Unavailable, $"{provider}: {exception.GetType().Name}.", inner: exception),
    };

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

    private static ConnectorException FromHttp(HttpOperationException http, string provider)
    {
        var code = ErrorCode(http.ResponseContent);
        var status = http.StatusCode;
        var outcome = (status, code) switch
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
        var statusText = status is null ? "no response" : $"HTTP {(int)status}";
        return new ConnectorException(outcome, $"{provider}: {statusText}{(code is null ? "" : $" ({code})")}.", RetryAfter(http), http);
    }

    private static TimeSpan? RetryAfter(HttpOperationException http) =>
        http.InnerException is ClientResultException client
        && client.GetRawResponse()?.Headers.TryGetValue("Retry-After", out var value) == true
        && int.TryParse(value, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
}
