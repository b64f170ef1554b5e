using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Pipelines.Engine.Runs;

/// <summary>
/// Says "this process is alive" in PostgreSQL every <see cref="Interval"/>. Steps claimed by a process that stopped
/// saying it for <see cref="StepClaims.SilentAfter"/> are dispatched again by the sweeper: recovery from a dead worker
/// takes seconds, not the step's lease.
/// </summary>
public sealed partial class ProcessHeartbeat(StepClaims claims, TimeProvider clock, ILogger<ProcessHeartbeat> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Beat once before any consumer runs, so this process's first claims already belong to a live process.
        await BeatAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await BeatAsync(stoppingToken);
        }
    }

    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        try
        {
            await claims.BeatAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogBeatFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Process heartbeat failed; retrying on the next tick")]
    private static partial void LogBeatFailed(ILogger logger, Exception exception);
}
