using Pipelines.Api.Gateway;
using Pipelines.Engine.Routes;

namespace Pipelines.Api.Routing;

public static class DeleteRoute
{
    /// <summary>Deletes a tenant route; a configuration route of the same name, if any, applies again.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        string name, RouteCommands commands, GatewayRouteLookup routes, CancellationToken cancellationToken)
    {
        var outcome = await commands.DeleteAsync(name, cancellationToken);
        return outcome.Succeeded ? TypedResults.NoContent()
            : outcome.Failure == RouteFailure.NotFound && routes.Configured(name) is not null ? RouteProblems.ReadOnly(name)
            : RouteProblems.From(outcome);
    }
}
