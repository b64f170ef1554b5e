using Pipelines.Core.Definitions;
using Pipelines.Engine.Definitions;

namespace Pipelines.Api.Definitions;

public static class GetPipeline
{
    public static async Task<Results<Ok<PipelineView>, ContentHttpResult, ProblemHttpResult>> HandleAsync(
        string id,
        HttpRequest request,
        HttpResponse response,
        DefinitionQueries queries,
        DefinitionValidator validator,
        CancellationToken cancellationToken)
    {
        var document = await queries.GetAsync(id, cancellationToken);
        if (document is null)
        {
            return DefinitionProblems.NotFound($"No pipeline '{id}'.");
        }

        response.Headers.ETag = document.ETag;
        return DefinitionMediaTypes.WantsYaml(request)
            ? DefinitionText.Yaml(document.DraftSource, document.DraftFormat, document.DraftJson, validator)
            : TypedResults.Ok(PipelineView.From(document));
    }
}
