using Pipelines.Api.Errors;
using Pipelines.Engine.Definitions;

namespace Pipelines.Api.Definitions;

public static class UpdatePipeline
{
    public static async Task<Results<Ok<PipelineView>, ProblemHttpResult>> HandleAsync(
        string id, HttpRequest request, HttpResponse response, DefinitionCommands commands, CancellationToken cancellationToken)
    {
        if (ApiProblems.RequireIfMatch(request, out var ifMatch) is { } missing)
        {
            return missing;
        }

        var (body, problem) = await DefinitionBody.ReadAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var outcome = await commands.UpdateAsync(id, ifMatch, body!.Value, body.Format, cancellationToken);
        if (!outcome.Succeeded)
        {
            return DefinitionProblems.From(outcome);
        }

        response.Headers.ETag = outcome.Value!.ETag;
        return TypedResults.Ok(PipelineView.From(outcome.Value));
    }
}
