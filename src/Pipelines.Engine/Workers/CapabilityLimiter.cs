using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Pipelines.Engine.Workers;

/// <summary>Caps how many steps of one capability run at once in this process.</summary>
public sealed class CapabilityLimiter(IOptions<WorkerOptions> options)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    public async Task<IDisposable> EnterAsync(string capability, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(capability, c => new SemaphoreSlim(
            options.Value.CapabilityConcurrency.GetValueOrDefault(c, options.Value.ConcurrentSteps)));
        await gate.WaitAsync(cancellationToken);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
