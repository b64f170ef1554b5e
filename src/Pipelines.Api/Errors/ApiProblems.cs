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

    /// <summary>
    /// The If-Match header a replacing write needs, or the 428 to answer without one: a blind overwrite would silently
    /// drop someone else's change.
    /// </summary>
    public static ProblemHttpResult? RequireIfMatch(HttpRequest request, out string ifMatch)
    {
        ifMatch = request.Headers.IfMatch.ToString();
        return string.IsNullOrEmpty(ifMatch)
            ? Problem(
                StatusCodes.Status428PreconditionRequired,
                "If-Match required",
                "Send the ETag you read (or * to overwrite deliberately) in the If-Match header.")
            : null;
    }

    public static ProblemHttpResult NotFound(string detail) =>
        Problem(StatusCodes.Status404NotFound, "Not found", detail);
}
