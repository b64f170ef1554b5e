using Pipelines.Engine.Definitions;

namespace Pipelines.Api.Definitions;

public static class CreatePipeline
{
    public static async Task<Results<Created<PipelineView>, ProblemHttpResult>> HandleAsync(
        HttpRequest request, HttpResponse response, DefinitionCommands commands, CancellationToken cancellationToken)
    {
        var (body, problem) = await DefinitionBody.ReadAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var outcome = await commands.CreateAsync(body!.Value, body.Format, cancellationToken);
        if (!outcome.Succeeded)
        {
            return DefinitionProblems.From(outcome);
        }

        response.Headers.ETag = outcome.Value!.ETag;
        return TypedResults.Created($"/api/v1/pipelines/{outcome.Value.Id}", PipelineView.From(outcome.Value));
    }
}
