using Pipelines.Api.Errors;
using Pipelines.Engine.Definitions;

namespace Pipelines.Api.Definitions;

public static class ListVersions
{
    public static async Task<Results<Ok<IReadOnlyList<VersionSummary>>, ProblemHttpResult>> HandleAsync(
        string id, DefinitionQueries queries, CancellationToken cancellationToken)
    {
        if (await queries.GetAsync(id, cancellationToken) is null)
        {
            return ApiProblems.NotFound($"No pipeline '{id}'.");
        }

        var versions = await queries.ListVersionsAsync(id, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<VersionSummary>>([.. versions.Select(VersionSummary.From)]);
    }
}
