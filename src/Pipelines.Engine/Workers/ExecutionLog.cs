using Pipelines.Connectors;

namespace Pipelines.Engine.Workers;

/// <summary>What one step execution did; shared by the parallel items of a foreach, hence the lock.</summary>
public sealed class ExecutionLog
{
    private readonly Lock _gate = new();
    private readonly List<ProviderAttempt> _calls = [];
    private int _attempts;

    public int Attempts => _attempts;

    public IReadOnlyList<ProviderAttempt> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public void CountAttempt() => Interlocked.Increment(ref _attempts);

    public void Add(IEnumerable<ProviderAttempt> calls)
    {
        lock (_gate)
        {
            _calls.AddRange(calls);
        }
    }
}
