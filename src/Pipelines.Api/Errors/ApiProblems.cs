using Pipelines.Core.Definitions;

namespace Pipelines.Api.Errors;

/// <summary>The problem+json answers handlers return; diagnostics, when given, travel as a list and keyed by pointer.</summary>
public static class ApiProblems
{
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
