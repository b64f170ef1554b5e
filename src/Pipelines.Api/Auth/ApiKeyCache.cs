using Marten;
using Microsoft.Extensions.Caching.Memory;
using Pipelines.Engine.Notifications;

namespace Pipelines.Api.Auth;

/// <summary>
/// Active API keys as this process last read them, so a request whose key was seen in the last minute costs no
/// database read. Entries are keyed by the key's SHA-256 (the document id; the key itself is not kept), bounded in number
/// and expire a minute after they were read. Only active keys are cached: an unknown or revoked key is read every time,
/// so a flood of random keys cannot push real ones out, and a key restored by the admin bootstrap works at once.
/// A revocation commits together with a NOTIFY on <see cref="ChannelName"/>: every process forgets the key within a
/// notification's latency, and the revoking one before it answers.
/// </summary>
public sealed class ApiKeyCache(IDocumentStore store) : IDatabaseNotificationHandler, IDisposable
{
    public const string ChannelName = "pipelines_api_keys";
    private const int Capacity = 10_000;
    private static readonly TimeSpan TimeToLive = TimeSpan.FromMinutes(1);
    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = Capacity });
    private readonly Lock _gate = new();

    // Bumped by every forget: a read that began before it may hold what was just revoked, and must not cache it.
    private long _generation;

    string IDatabaseNotificationHandler.Channel => ChannelName;

    /// <summary>The stored key, from this process's copy when it has one; null when no such key exists.</summary>
    public async ValueTask<ApiKeyRecord?> FindAsync(string key, CancellationToken cancellationToken)
    {
        var hash = ApiKeySecret.Hash(key);
        if (_entries.TryGetValue(hash, out ApiKeyRecord? cached))
        {
            return cached;
        }

        var generation = Volatile.Read(ref _generation);
        ApiKeyRecord? record;
        await using (var session = store.QuerySession())
        {
            record = await session.LoadAsync<ApiKeyRecord>(hash, cancellationToken);
        }

        if (record is { RevokedAt: null })
        {
            lock (_gate)
            {
                if (_generation == generation)
                {
                    _entries.Set(hash, record, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TimeToLive });
                }
            }
        }

        return record;
    }

    /// <summary>
    /// Commits the session, which changes the key with hash <paramref name="keyHash"/> (a revocation), with a
    /// notification that makes every process forget its copy; this process forgets it before returning.
    /// </summary>
    public async Task CommitKeyChangeAsync(IDocumentSession session, string keyHash, CancellationToken cancellationToken)
    {
        session.QueueNotification(ChannelName, keyHash);
        await session.SaveChangesAsync(cancellationToken);
        Forget(keyHash);
    }

    void IDatabaseNotificationHandler.Receive(string payload) => Forget(payload);

    /// <summary>Revocations sent while this process was not listening are lost: forget every key.</summary>
    void IDatabaseNotificationHandler.Listening()
    {
        lock (_gate)
        {
            _generation++;
            _entries.Clear();
        }
    }

    public void Dispose() => _entries.Dispose();

    private void Forget(string keyHash)
    {
        lock (_gate)
        {
            _generation++;
            _entries.Remove(keyHash);
        }
    }
}
