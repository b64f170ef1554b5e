using Microsoft.AspNetCore.Diagnostics;

namespace Pipelines.Api.Errors;

/// <summary>
/// Turns exceptions into problem+json. Known client faults keep their status; anything else is a 500
/// whose detail hides internals (the trace id links it to the log).
/// </summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "Bad request", bad.Message),
            JasperFx.ConcurrencyException or JasperFx.DocumentAlreadyExistsException => (StatusCodes.Status409Conflict, "Conflict",
                "The resource was changed by another request; reload it and try again."),
            _ when IsDataException(exception) => (StatusCodes.Status400BadRequest, "Bad request",
                "The input holds a value the database cannot store (such as a NUL character or a number out of range)."),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested =>
                (499, "Client closed request", "The client went away."),
            _ => (StatusCodes.Status500InternalServerError, "Internal server error",
                "An unexpected error occurred; quote the traceId when reporting it."),
        };
        if (status >= 500)
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Extensions = { ["traceId"] = httpContext.TraceIdentifier } };
        if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, Exception = exception, ProblemDetails = problem }))
        {
            // The service declines when Accept names no JSON type (YAML, an event stream); the answer is JSON regardless.
            await TypedResults.Json(problem, contentType: "application/problem+json", statusCode: status).ExecuteAsync(httpContext);
        }

        return true;
    }

    /// <summary>
    /// The backstop for input the edge did not catch: PostgreSQL's class 22 (data exception: invalid text, NUL in
    /// jsonb, numeric overflow) is always about a value a request carried, so it is the client's 400, not our 500.
    /// </summary>
    private static bool IsDataException(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is Npgsql.PostgresException { SqlState: ['2', '2', ..] })
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
