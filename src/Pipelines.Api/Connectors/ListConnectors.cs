using System.Security.Claims;
using Pipelines.Api.Auth;
using Pipelines.Connectors;
using Pipelines.Engine.RemoteConnectors;

namespace Pipelines.Api.Connectors;

public static class ListConnectors
{
    public static async Task<Ok<IReadOnlyList<ConnectorView>>> HandleAsync(
        ClaimsPrincipal user, IEnumerable<IConnectorType> inProcess, RemoteConnectorCatalog remote, CancellationToken cancellationToken)
    {
        var tenant = user.TenantId();
        var registered = await remote.ListDocumentsAsync(tenant, cancellationToken);
        var types = await remote.ListAsync(tenant, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ConnectorView>>(
        [
            .. inProcess.OrderBy(t => t.Name, StringComparer.Ordinal).Select(ConnectorView.From),
            .. registered.Select(d => ConnectorView.From(d, types.Single(t => t.Name == d.Id))),
        ]);
    }
}
