using Pipelines.Connectors;

namespace Pipelines.Engine.Providers;

/// <summary>The connector types a tenant's providers can be built from: those registered in process by <c>AddXxxConnector()</c>.</summary>
public sealed class ConnectorTypes(IEnumerable<IConnectorType> types)
{
    private readonly IReadOnlyDictionary<string, IConnectorType> _builtIn = types.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public ValueTask<IConnectorType?> FindAsync(string tenantId, string name, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_builtIn.GetValueOrDefault(name));

    public ValueTask<IReadOnlyList<IConnectorType>> ListAsync(string tenantId, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<IConnectorType>>([.. _builtIn.Values.OrderBy(t => t.Name, StringComparer.Ordinal)]);
}
