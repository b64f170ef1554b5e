using System.Security.Claims;
using Pipelines.Api.Auth;
using Pipelines.Api.Errors;
using Pipelines.Connectors;
using Pipelines.Engine.RemoteConnectors;

namespace Pipelines.Api.Connectors;

public static class GetConnector
{
    public static async Task<Results<Ok<ConnectorView>, ProblemHttpResult>> HandleAsync(
        string name, ClaimsPrincipal user, IEnumerable<IConnectorType> inProcess, RemoteConnectorCatalog remote, CancellationToken cancellationToken)
    {
        if (inProcess.FirstOrDefault(t => t.Name == name) is { } type)
        {
            return TypedResults.Ok(ConnectorView.From(type));
        }

        var tenant = user.TenantId();
        var registered = (await remote.ListDocumentsAsync(tenant, cancellationToken)).FirstOrDefault(d => d.Id == name);
        var remoteType = registered is null ? null : await remote.FindAsync(tenant, name, cancellationToken);
        return registered is null || remoteType is null
            ? ApiProblems.NotFound($"No connector '{name}' in this tenant.")
            : TypedResults.Ok(ConnectorView.From(registered, remoteType));
    }
}
