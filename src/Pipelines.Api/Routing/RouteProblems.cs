using Pipelines.Api.Errors;
using Pipelines.Engine.Routes;

namespace Pipelines.Api.Routing;

/// <summary>One mapping from a refused route command to problem+json; field errors are keyed by JSON pointer with their rule code.</summary>
public static class RouteProblems
{
    public static ProblemHttpResult From(RouteOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var (status, title) = outcome.Failure switch
        {
            RouteFailure.NotFound => (StatusCodes.Status404NotFound, "Route not found"),
            RouteFailure.AlreadyExists => (StatusCodes.Status409Conflict, "Route already exists"),
            RouteFailure.StaleETag => (StatusCodes.Status412PreconditionFailed, "Stale ETag"),
            _ => (StatusCodes.Status422UnprocessableEntity, "Invalid route"),
        };
        return ApiProblems.Problem(status, title, outcome.Detail, outcome.Errors);
    }

    /// <summary>Configuration routes are shared by every tenant and versioned with the deployment: not writable here.</summary>
    public static ProblemHttpResult ReadOnly(string name) =>
        ApiProblems.Problem(StatusCodes.Status409Conflict, "Route is read-only",
            $"Route '{name}' is declared in the service's configuration (Pipelines:Gateway:Routes); change it there, or create a route of your own with this name to override it for your tenant.");
}
