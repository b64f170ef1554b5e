using System.Collections.Concurrent;

namespace Pipelines.Engine.Routes;

/// <summary>
/// A per-process copy of something read per tenant, trusted for <c>ttl</c> and dropped at once by
/// <see cref="Invalidate"/> after a write through this process. Concurrent readers share one load.
/// </summary>
public sealed class TenantCache<T>(Func<string, Task<T>> load, TimeSpan ttl, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Task<(DateTimeOffset LoadedAt, T Value)>> _tenants = new(StringComparer.Ordinal);

    public async Task<T> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (_tenants.TryGetValue(tenantId, out var current))
        {
            if (!current.IsCompleted)
            {
                return (await current.WaitAsync(cancellationToken)).Value;
            }

            if (current.IsCompletedSuccessfully && clock.GetUtcNow() - current.Result.LoadedAt <= ttl)
            {
                return current.Result.Value;
            }
        }

        // Not bound to the caller's token: other callers may be waiting on the same load.
        var next = LoadAsync(tenantId);
        var winner = current is null
            ? _tenants.GetOrAdd(tenantId, next)
            : _tenants.TryUpdate(tenantId, next, current) ? next : _tenants.GetOrAdd(tenantId, next);
        return (await winner.WaitAsync(cancellationToken)).Value;
    }

    public void Invalidate(string tenantId) => _tenants.TryRemove(tenantId, out _);

    private async Task<(DateTimeOffset LoadedAt, T Value)> LoadAsync(string tenantId)
    {
        var loadedAt = clock.GetUtcNow();
        return (loadedAt, await load(tenantId));
    }
}
