using System.Collections.Concurrent;

namespace Pipelines.Engine.Workers;

/// <summary>Cancellation handles of the steps this process is executing, so a cancelled run stops them at once.</summary>
public sealed class RunningSteps
{
    private readonly ConcurrentDictionary<(string Tenant, string Run), ConcurrentDictionary<CancellationTokenSource, byte>> _running = new();

    public Registration Register(string tenantId, string runId, CancellationToken outer)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _running.GetOrAdd((tenantId, runId), _ => new()).TryAdd(source, 0);
        return new Registration(this, (tenantId, runId), source);
    }

    public void Cancel(string tenantId, string runId)
    {
        if (_running.TryGetValue((tenantId, runId), out var sources))
        {
            foreach (var source in sources.Keys)
            {
                source.Cancel();
            }
        }
    }

    public sealed class Registration(RunningSteps owner, (string Tenant, string Run) key, CancellationTokenSource source) : IDisposable
    {
        public CancellationToken Token => source.Token;

        public void CancelAfter(TimeSpan delay) => source.CancelAfter(delay);

        public void Dispose()
        {
            if (owner._running.TryGetValue(key, out var sources))
            {
                sources.TryRemove(source, out _);
                if (sources.IsEmpty)
                {
                    owner._running.TryRemove(key, out _);
                }
            }

            source.Dispose();
        }
    }
}
