using Pipelines.Api.Auth;
using System.Security.Claims;
using Pipelines.Engine.Definitions;

namespace Pipelines.Api.Definitions;

public static class PublishPipeline
{
    /// <summary>201 when a new version was frozen; 200 with the existing version when the draft had not changed.</summary>
    public static async Task<Results<Created<VersionView>, Ok<VersionView>, ProblemHttpResult>> HandleAsync(
        string id, ClaimsPrincipal user, DefinitionCommands commands, CancellationToken cancellationToken)
    {
        var outcome = await commands.PublishAsync(id, user.KeyId(), cancellationToken);
        if (!outcome.Succeeded)
        {
            return DefinitionProblems.From(outcome);
        }

        var view = VersionView.From(outcome.Value!.Version);
        return outcome.Value.Created
            ? TypedResults.Created($"/api/v1/pipelines/{id}/versions/{view.Version}", view)
            : TypedResults.Ok(view);
    }
}
