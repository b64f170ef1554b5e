using Pipelines.Api.Errors;
using Pipelines.Engine.Definitions;

namespace Pipelines.Api.Definitions;

public static class UpdatePipeline
{
    public static async Task<Results<Ok<PipelineView>, ProblemHttpResult>> HandleAsync(
        string id, HttpRequest request, HttpResponse response, DefinitionCommands commands, CancellationToken cancellationToken)
    {
        // If-Match is required: a blind overwrite would silently drop another author's edit.
        var ifMatch = request.Headers.IfMatch.ToString();
        if (string.IsNullOrEmpty(ifMatch))
        {
            return ApiProblems.Problem(
                StatusCodes.Status428PreconditionRequired,
                "If-Match required",
                "Send the ETag you read (or * to overwrite deliberately) in the If-Match header.");
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
