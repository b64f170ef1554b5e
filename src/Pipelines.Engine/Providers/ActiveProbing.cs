using Microsoft.Extensions.Hosting;
using Pipelines.Routing.Health;

namespace Pipelines.Engine.Providers;

/// <summary>Runs the active prober on a short tick; probes are cheap and only open circuits past their break get one.</summary>
public sealed class ActiveProbing(ActiveProber prober, TimeProvider clock) : BackgroundService
{
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await prober.ProbeDueAsync(stoppingToken);
        }
    }
}
