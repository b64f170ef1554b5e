using Pipelines.Engine.Providers;

namespace Pipelines.Api.Providers;

/// <summary>One mapping from a refused provider command to problem+json: field errors keyed by field, each with its rule.</summary>
public static class ProviderProblems
{
    public static ProblemHttpResult From(ProviderOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var (status, title) = outcome.Failure switch
        {
            ProviderFailure.NotFound => (StatusCodes.Status404NotFound, "Provider not found"),
            ProviderFailure.AlreadyExists => (StatusCodes.Status409Conflict, "Provider already exists"),
            ProviderFailure.ReadOnly => (StatusCodes.Status409Conflict, "Provider is read-only"),
            ProviderFailure.StaleETag => (StatusCodes.Status412PreconditionFailed, "Stale ETag"),
            _ => (StatusCodes.Status422UnprocessableEntity, "Invalid provider"),
        };
        var errors = outcome.Errors ?? [];
        var problem = new HttpValidationProblemDetails(
            errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => $"{e.Rule}: {e.Message}").ToArray()))
        {
            Status = status,
            Title = title,
            Detail = outcome.Detail,
        };
        if (errors.Count > 0)
        {
            problem.Extensions["violations"] = errors.Select(e => new { field = e.Field, rule = e.Rule, message = e.Message }).ToArray();
        }
        else
        {
            problem.Errors.Clear();
        }

        return TypedResults.Problem(problem);
    }
}
