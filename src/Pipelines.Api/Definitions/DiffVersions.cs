using Pipelines.Api.Errors;
using Pipelines.Core.Definitions;
using Pipelines.Engine.Definitions;

namespace Pipelines.Api.Definitions;

public static class DiffVersions
{
    public const string Draft = "draft";

    /// <summary>Compares two published versions, or a version and the current draft (<c>to=draft</c>, the default).</summary>
    public static async Task<Results<Ok<DefinitionDiffResult>, ProblemHttpResult>> HandleAsync(
        string id,
        string from,
        DefinitionQueries queries,
        CancellationToken cancellationToken,
        string to = Draft)
    {
        var pipeline = await queries.GetAsync(id, cancellationToken);
        if (pipeline is null)
        {
            return ApiProblems.NotFound($"No pipeline '{id}'.");
        }

        var (fromJson, fromProblem) = await ResolveAsync(pipeline, "from", from, queries, cancellationToken);
        var (toJson, toProblem) = await ResolveAsync(pipeline, "to", to, queries, cancellationToken);
        if ((fromProblem ?? toProblem) is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(DefinitionDiff.Compare(DefinitionSerializer.FromJson(fromJson!), DefinitionSerializer.FromJson(toJson!)));
    }

    private static async Task<(string? Json, ProblemHttpResult? Problem)> ResolveAsync(
        PipelineDocument pipeline, string parameter, string value, DefinitionQueries queries, CancellationToken cancellationToken)
    {
        if (string.Equals(value, Draft, StringComparison.OrdinalIgnoreCase))
        {
            return (pipeline.DraftJson, null);
        }

        if (!int.TryParse(value, out var version) || version < 1)
        {
            return (null, ApiProblems.Problem(
                StatusCodes.Status400BadRequest, "Invalid version", $"'{parameter}' must be a version number (1, 2, …) or 'draft'."));
        }

        var found = await queries.GetVersionAsync(pipeline.Id, version, cancellationToken);
        return found is null
            ? (null, ApiProblems.NotFound($"Pipeline '{pipeline.Id}' has no published version {version} ('{parameter}')."))
            : (found.Json, null);
    }
}
