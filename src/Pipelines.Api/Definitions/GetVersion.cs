using Pipelines.Api.Errors;
using Pipelines.Engine.Definitions;

namespace Pipelines.Api.Definitions;

public static class GetVersion
{
    public static async Task<Results<Ok<VersionView>, ContentHttpResult, ProblemHttpResult>> HandleAsync(
        string id,
        int version,
        HttpRequest request,
        DefinitionQueries queries,
        CancellationToken cancellationToken)
    {
        var found = await queries.GetVersionAsync(id, version, cancellationToken);
        if (found is null)
        {
            return ApiProblems.NotFound($"Pipeline '{id}' has no published version {version}.");
        }

        return DefinitionMediaTypes.WantsYaml(request)
            ? DefinitionText.Yaml(found.Source, found.Format, found.Json)
            : TypedResults.Ok(VersionView.From(found));
    }
}
