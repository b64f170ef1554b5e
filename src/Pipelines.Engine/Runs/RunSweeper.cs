using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Pipelines.Engine.Runs;

/// <summary>
/// Periodically dispatches again the steps whose holding process stopped heartbeating (seconds after it died), and
/// applies time-based rules to running runs: lost leases (the backstop), approval timeouts, run deadlines.
/// Several API processes may sweep at once; optimistic concurrency lets exactly one append per decision.
/// </summary>
public sealed partial class RunSweeper(
    IDocumentStore store, RunStreams runs, StepClaims claims, TimeProvider clock, ILogger<RunSweeper> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogSweepFailed(logger, exception);
            }
        }
    }

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        foreach (var orphan in await claims.OrphansAsync(cancellationToken))
        {
            await runs.DecideAsync(
                orphan.TenantId,
                orphan.RunId,
                (definition, state, now) => RunPlanner.Redispatch(definition, state, orphan.StepId, orphan.Dispatch, now),
                cancellationToken);
            await claims.ForgetAsync(orphan, cancellationToken);
        }

        var now = clock.GetUtcNow();
        IReadOnlyList<RunSummary> due;
        await using (var session = store.QuerySession())
        {
            due = await session.Query<RunSummary>()
                .Where(r => r.AnyTenant() && r.Status == RunStatus.Running && r.NextDueAt <= now)
                .ToListAsync(cancellationToken);
        }

        foreach (var run in due)
        {
            await runs.DecideAsync(run.TenantId!, run.Id, RunPlanner.Sweep, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run sweep failed; retrying on the next tick")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
