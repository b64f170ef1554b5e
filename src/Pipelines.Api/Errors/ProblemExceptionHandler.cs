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
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
