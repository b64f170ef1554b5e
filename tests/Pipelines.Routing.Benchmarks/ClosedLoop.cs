using System.Diagnostics;

namespace Pipelines.Routing.Benchmarks;

/// <summary>What one call measured: until the whole answer was read, and until its first event (streams only).</summary>
public readonly record struct CallTiming(double TotalMs, double? FirstEventMs);

/// <summary>The calls of one measurement window. Latencies count calls that started and ended inside it; throughput counts every call that ended inside it.</summary>
public sealed record LoadResult(IReadOnlyList<double> Latencies, IReadOnlyList<double> FirstEvents, int Completed, int Errors, TimeSpan Window)
{
    public double RequestsPerSecond => Completed / Window.TotalSeconds;
}

/// <summary>
/// A closed-loop load generator: each client sends its next request when the previous one has finished, so the offered
/// load adapts to the server instead of queueing behind it. The warm-up runs the same loop without a gap before the
/// window, so connections are open and code paths are jitted when measuring starts.
/// </summary>
public static class ClosedLoop
{
    public static async Task<LoadResult> RunAsync(Func<Task<CallTiming>> call, int clients, TimeSpan warmUp, TimeSpan window)
    {
        var begin = Stopwatch.GetTimestamp();
        var windowStart = begin + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
        var windowEnd = windowStart + (long)(window.TotalSeconds * Stopwatch.Frequency);
        var results = await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(() => ClientAsync(call, windowStart, windowEnd))));
        return new LoadResult(
            [.. results.SelectMany(r => r.Latencies)],
            [.. results.SelectMany(r => r.FirstEvents)],
            results.Sum(r => r.Completed),
            results.Sum(r => r.Errors),
            window);
    }

    private static async Task<ClientResult> ClientAsync(Func<Task<CallTiming>> call, long windowStart, long windowEnd)
    {
        var result = new ClientResult();
        while (Stopwatch.GetTimestamp() < windowEnd)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                var timing = await call();
                var ended = Stopwatch.GetTimestamp();
                if (ended >= windowStart && ended < windowEnd)
                {
                    result.Completed++;
                    if (started >= windowStart)
                    {
                        result.Latencies.Add(timing.TotalMs);
                        if (timing.FirstEventMs is { } first)
                        {
                            result.FirstEvents.Add(first);
                        }
                    }
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException or TaskCanceledException or InvalidDataException)
            {
                if (Stopwatch.GetTimestamp() >= windowStart)
                {
                    result.Errors++;
                }

                // A path that fails at once must not spin a core the other paths' servers need.
                await Task.Delay(10);
            }
        }

        return result;
    }

    private sealed class ClientResult
    {
        public List<double> Latencies { get; } = [];

        public List<double> FirstEvents { get; } = [];

        public int Completed { get; set; }

        public int Errors { get; set; }
    }
}
