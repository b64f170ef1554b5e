using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Pipelines.Api.Hosting;

namespace Pipelines.Api.Runs;

/// <summary>
/// Counts the live event streams each tenant holds in this process, so one tenant cannot tie up the database with
/// followers (each polls it) or the server with open connections.
/// </summary>
public sealed class LiveStreamSlots(IOptions<PipelinesOptions> options)
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);

    public int Limit => options.Value.MaxLiveStreamsPerTenant;

    /// <summary>A slot to dispose when the stream ends, or null when the tenant holds all it may.</summary>
    public IDisposable? TryTake(string tenantId)
    {
        var taken = _open.AddOrUpdate(tenantId, 1, (_, n) => n + 1);
        if (taken <= Limit)
        {
            return new Slot(this, tenantId);
        }

        Release(tenantId);
        return null;
    }

    private void Release(string tenantId) => _open.AddOrUpdate(tenantId, 0, (_, n) => n - 1);

    private sealed class Slot(LiveStreamSlots owner, string tenantId) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(tenantId);
            }
        }
    }
}
