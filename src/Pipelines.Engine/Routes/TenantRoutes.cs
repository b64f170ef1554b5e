using Marten;
using Microsoft.Extensions.Options;

namespace Pipelines.Engine.Routes;

/// <summary>
/// A tenant's routes by name, read at most once per <see cref="RouteRegistryOptions.CacheSeconds"/> per process (one
/// indexed read), and at once after a change made through this process.
/// </summary>
public sealed class TenantRoutes
{
    private readonly TenantCache<IReadOnlyDictionary<string, RouteEntry>> _cache;

    public TenantRoutes(IDocumentStore store, IOptions<RouteRegistryOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        _cache = new(tenantId => LoadAsync(store, tenantId), TimeSpan.FromSeconds(options.Value.CacheSeconds), clock);
    }

    public Task<IReadOnlyDictionary<string, RouteEntry>> ForTenantAsync(string tenantId, CancellationToken cancellationToken) =>
        _cache.GetAsync(tenantId, cancellationToken);

    /// <summary>Forget the tenant's cached routes: the next lookup reads them again.</summary>
    public void Invalidate(string tenantId) => _cache.Invalidate(tenantId);

    private static async Task<IReadOnlyDictionary<string, RouteEntry>> LoadAsync(IDocumentStore store, string tenantId)
    {
        await using var session = store.QuerySession(tenantId);
        var documents = await session.Query<RouteDocument>().ToListAsync();
        return documents.ToDictionary(d => d.Id, RouteEntry.From, StringComparer.Ordinal);
    }
}
