using Pipelines.Connectors;

namespace Pipelines.Api.Gateway;

/// <summary>
/// Gateway errors: problem+json, carrying also the <c>error</c> object OpenAI clients read, so both kinds of client
/// understand them.
/// </summary>
public static class GatewayProblems
{
    public static IResult Problem(int status, string title, string message, string code, TimeSpan? retryAfter = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = message };
        problem.Extensions["error"] = new { message, type = status >= 500 ? "server_error" : "invalid_request_error", code };
        return retryAfter is { } wait
            ? new RetryAfterResult(TypedResults.Problem(problem), wait)
            : TypedResults.Problem(problem);
    }

    public static IResult BadRequest(string field, string rule) =>
        Problem(StatusCodes.Status400BadRequest, "Invalid request", $"{field}: {rule}", "invalid_request");

    /// <summary>The status an OpenAI client expects for each outcome class once every allowed provider has failed.</summary>
    public static IResult FromOutcome(StepExecutionException failure, TimeSpan? retryAfter) => failure.Outcome switch
    {
        OutcomeClass.RateLimited => Problem(StatusCodes.Status429TooManyRequests, "Rate limited", failure.Message, "rate_limited", retryAfter),
        OutcomeClass.Filtered => Problem(StatusCodes.Status400BadRequest, "Refused by the content filter", failure.Message, "content_filter"),
        OutcomeClass.ContextLength => Problem(StatusCodes.Status400BadRequest, "Context length exceeded", failure.Message, "context_length_exceeded"),
        OutcomeClass.InvalidRequest => Problem(StatusCodes.Status400BadRequest, "Invalid request", failure.Message, "invalid_request"),
        OutcomeClass.Timeout or OutcomeClass.Stalled => Problem(StatusCodes.Status504GatewayTimeout, "Providers too slow", failure.Message, failure.Outcome == OutcomeClass.Timeout ? "timeout" : "stalled"),
        OutcomeClass.Auth => Problem(StatusCodes.Status502BadGateway, "Provider refused our credentials", failure.Message, "provider_auth"),
        OutcomeClass.InvalidOutput => Problem(StatusCodes.Status502BadGateway, "The answer broke the requested response format", failure.Message, "invalid_output"),
        _ => Problem(StatusCodes.Status503ServiceUnavailable, "No provider available", failure.Message, "unavailable"),
    };

    private sealed class RetryAfterResult(IResult inner, TimeSpan wait) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
