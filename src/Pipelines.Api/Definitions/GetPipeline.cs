using Pipelines.Api.Errors;
using Pipelines.Engine.Definitions;

namespace Pipelines.Api.Definitions;

public static class GetPipeline
{
    public static async Task<Results<Ok<PipelineView>, ContentHttpResult, ProblemHttpResult>> HandleAsync(
        string id,
        HttpRequest request,
        HttpResponse response,
        DefinitionQueries queries,
        CancellationToken cancellationToken)
    {
        var document = await queries.GetAsync(id, cancellationToken);
        if (document is null)
        {
            return ApiProblems.NotFound($"No pipeline '{id}'.");
        }

        response.Headers.ETag = document.ETag;
        return DefinitionMediaTypes.WantsYaml(request)
            ? DefinitionText.Yaml(document.DraftSource, document.DraftFormat, document.DraftJson)
            : TypedResults.Ok(PipelineView.From(document));
    }
}
