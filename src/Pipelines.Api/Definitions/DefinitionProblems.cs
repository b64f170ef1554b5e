using Pipelines.Api.Errors;
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
        return ApiProblems.Problem(status, title, outcome.Detail, outcome.Diagnostics);
    }
}
