using Pipelines.Connectors;
using Pipelines.Engine.RemoteConnectors;

namespace Pipelines.Engine.Providers;

/// <summary>
/// The connector types a tenant's providers can be built from: those registered in process by <c>AddXxxConnector()</c>,
/// then the remote connectors the tenant registered (their registered name is the type's name, their URL every
/// provider's endpoint). Registration refuses names of in-process types, so the two never collide.
/// </summary>
public sealed class ConnectorTypes(IEnumerable<IConnectorType> types, RemoteConnectorCatalog? remote = null)
{
    private readonly IReadOnlyDictionary<string, IConnectorType> _builtIn = types.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public async ValueTask<IConnectorType?> FindAsync(string tenantId, string name, CancellationToken cancellationToken) =>
        _builtIn.GetValueOrDefault(name)
        ?? (remote is null ? null : await remote.FindAsync(tenantId, name, cancellationToken));

    public async ValueTask<IReadOnlyList<IConnectorType>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        IReadOnlyList<IConnectorType> registered = remote is null ? [] : await remote.ListAsync(tenantId, cancellationToken);
        return [.. _builtIn.Values.OrderBy(t => t.Name, StringComparer.Ordinal), .. registered];
    }
}
