using System.Security.Claims;
using Pipelines.Api.Auth;
using Pipelines.Api.Errors;
using Pipelines.Engine.RemoteConnectors;

namespace Pipelines.Api.Connectors;

public static class DeleteConnector
{
    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        string name, ClaimsPrincipal user, RemoteConnectorRegistry registry, CancellationToken cancellationToken) =>
        await registry.DeleteAsync(user.TenantId(), name, cancellationToken)
            ? TypedResults.NoContent()
            : ApiProblems.NotFound($"No remote connector '{name}' is registered in this tenant (in-process connectors cannot be deleted).");
}
