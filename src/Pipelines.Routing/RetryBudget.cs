using Microsoft.Extensions.Options;

namespace Pipelines.Routing;

/// <summary>
/// Envoy's retry budget: swaps in flight may be at most a share of the calls in flight, so a provider outage cannot
/// multiply the load on the remaining providers.
/// </summary>
public sealed class RetryBudget(IOptions<RoutingOptions> options)
{
    private int _calls;
    private int _retries;

    public IDisposable EnterCall()
    {
        Interlocked.Increment(ref _calls);
        return new Release(() => Interlocked.Decrement(ref _calls));
    }

    /// <summary>A slot for one swap, or null when the budget is spent.</summary>
    public IDisposable? TryEnterRetry()
    {
        var limit = Math.Max(options.Value.MinRetryConcurrency, (int)(options.Value.RetryBudgetRatio * Volatile.Read(ref _calls)));
        if (Interlocked.Increment(ref _retries) > limit)
        {
            Interlocked.Decrement(ref _retries);
            return null;
        }

        return new Release(() => Interlocked.Decrement(ref _retries));
    }

    private sealed class Release(Action release) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                release();
            }
        }
    }
}
