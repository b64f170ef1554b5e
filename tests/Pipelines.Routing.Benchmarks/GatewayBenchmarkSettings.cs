using System.Globalization;

namespace Pipelines.Routing.Benchmarks;

/// <summary>
/// How long each path is measured per cell: <see cref="Rounds"/> rounds, each a warm-up then a window, with the paths
/// taking turns in a rotating order so that a burst of load from elsewhere on the machine falls on all of them.
/// </summary>
public sealed record GatewayBenchmarkSettings(TimeSpan WarmUp, TimeSpan Window, int Rounds)
{
    /// <summary>Arguments: [window seconds = 5] [rounds = 2]; the warm-up is 2 s.</summary>
    public static GatewayBenchmarkSettings From(string[] args) => new(
        TimeSpan.FromSeconds(2),
        TimeSpan.FromSeconds(double.Parse(args.ElementAtOrDefault(0) ?? "5", CultureInfo.InvariantCulture)),
        int.Parse(args.ElementAtOrDefault(1) ?? "2", CultureInfo.InvariantCulture));
}
