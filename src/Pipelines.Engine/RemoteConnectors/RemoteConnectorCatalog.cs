using System.Collections.Concurrent;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Pipelines.Connectors.Remote;

namespace Pipelines.Engine.RemoteConnectors;

/// <summary>
/// A tenant's registered remote connectors as connector types. Each lookup is one primary-key read; the type built from
/// a registration is reused until the registration changes, so its providers share one connection pool.
/// </summary>
public sealed class RemoteConnectorCatalog(IDocumentStore store, [FromKeyedServices(RemoteHttp.ClientKey)] HttpClient http)
{
    private readonly ConcurrentDictionary<(string Tenant, string Name), (DateTimeOffset RegisteredAt, RemoteConnectorType Type)> _types = new();

    public async ValueTask<RemoteConnectorType?> FindAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession(tenantId);
        var document = await session.LoadAsync<RemoteConnectorDocument>(name, cancellationToken);
        if (document is null)
        {
            _types.TryRemove((tenantId, name), out _);
            return null;
        }

        return TypeOf(tenantId, document);
    }

    public async ValueTask<IReadOnlyList<RemoteConnectorDocument>> ListDocumentsAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession(tenantId);
        return await session.Query<RemoteConnectorDocument>().OrderBy(d => d.Id).ToListAsync(cancellationToken);
    }

    public async ValueTask<IReadOnlyList<RemoteConnectorType>> ListAsync(string tenantId, CancellationToken cancellationToken) =>
        [.. (await ListDocumentsAsync(tenantId, cancellationToken)).Select(d => TypeOf(tenantId, d))];

    private RemoteConnectorType TypeOf(string tenantId, RemoteConnectorDocument document)
    {
        var key = (tenantId, document.Id);
        if (_types.TryGetValue(key, out var cached) && cached.RegisteredAt == document.RegisteredAt)
        {
            return cached.Type;
        }

        var type = RemoteConnectorType.Registered(document.Id, new Uri(document.Url), RemoteManifest.Parse(document.ManifestJson), http);
        _types[key] = (document.RegisteredAt, type);
        return type;
    }
}
