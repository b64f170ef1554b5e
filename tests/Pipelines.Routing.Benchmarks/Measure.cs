using System.Diagnostics;
using Pipelines.Testing;

namespace Pipelines.Routing.Benchmarks;

/// <summary>Timing loops: warm up, then report the median over rounds (or calls), as noisy machines need.</summary>
public static class Measure
{
    /// <summary>Median nanoseconds per operation over <paramref name="rounds"/> rounds of <paramref name="perRound"/> operations.</summary>
    public static async Task<double> NanosecondsPerOpAsync(Func<ValueTask> operation, int perRound = 20_000, int rounds = 9)
    {
        for (var i = 0; i < perRound; i++)
        {
            await operation();
        }

        var samples = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < perRound; i++)
            {
                await operation();
            }

            samples.Add(watch.Elapsed.TotalNanoseconds / perRound);
        }

        return BenchmarkReport.Median(samples);
    }

    /// <summary>Milliseconds of each call, after <paramref name="warmUp"/> unmeasured ones.</summary>
    public static async Task<List<double>> CallsAsync(Func<Task> call, int calls, int warmUp = 20)
    {
        for (var i = 0; i < warmUp; i++)
        {
            await call();
        }

        var samples = new List<double>(calls);
        for (var i = 0; i < calls; i++)
        {
            var watch = Stopwatch.StartNew();
            await call();
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }

        return samples;
    }
}
