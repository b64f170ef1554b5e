using Pipelines.Core.Definitions;
using Pipelines.Engine.Definitions;

namespace Pipelines.Api.Definitions;

/// <summary>One mapping from a refused definition command to its problem+json answer.</summary>
public static class DefinitionProblems
{
    public static ProblemHttpResult From<T>(DefinitionOutcome<T> outcome)
        where T : class
    {
        var (status, title) = outcome.Failure switch
        {
            DefinitionFailure.NotFound => (StatusCodes.Status404NotFound, "Pipeline not found"),
            DefinitionFailure.AlreadyExists => (StatusCodes.Status409Conflict, "Pipeline already exists"),
            DefinitionFailure.Archived => (StatusCodes.Status409Conflict, "Pipeline is archived"),
            DefinitionFailure.StaleETag => (StatusCodes.Status412PreconditionFailed, "Stale ETag"),
            DefinitionFailure.Syntax => (StatusCodes.Status400BadRequest, "Malformed definition"),
            _ => (StatusCodes.Status422UnprocessableEntity, "Invalid definition"),
        };
        return Problem(status, title, outcome.Detail, outcome.Diagnostics);
    }

    public static ProblemHttpResult Problem(int status, string title, string? detail, IReadOnlyList<Diagnostic>? diagnostics = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (diagnostics is { Count: > 0 })
        {
            problem.Extensions["diagnostics"] = diagnostics;
            // Also keyed by field, the shape validation problems use everywhere else in the API.
            problem.Extensions["errors"] = diagnostics
                .GroupBy(d => d.Pointer)
                .ToDictionary(g => g.Key, g => g.Select(d => $"{d.Code}: {d.Message}").ToArray());
        }

        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult NotFound(string detail) =>
        Problem(StatusCodes.Status404NotFound, "Not found", detail);
}
