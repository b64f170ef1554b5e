using Pipelines.Engine.Runs;

namespace Pipelines.Api.Runs;

/// <summary>Polls a run's summary until it ends or time runs out; polling the database works across API processes.</summary>
public static class RunWaiter
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static async Task<RunSummary?> WaitAsync(RunQueries queries, string runId, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        RunSummary? run = null;
        try
        {
            while (true)
            {
                run = await queries.GetAsync(runId, timeout.Token);
                if (run is null || run.Status.IsTerminal())
                {
                    return run;
                }

                await Task.Delay(PollInterval, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return run;
        }
    }
}
