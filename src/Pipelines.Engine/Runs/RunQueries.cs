using JasperFx.Events;
using Marten;
using Marten.Linq;
using Pipelines.Engine.Definitions;

namespace Pipelines.Engine.Runs;

/// <summary>Reads of runs through the caller's tenant session.</summary>
public sealed class RunQueries(IQuerySession session)
{
    public Task<RunSummary?> GetAsync(string runId, CancellationToken cancellationToken) =>
        session.LoadAsync<RunSummary>(runId, cancellationToken);

    public async Task<PagedResult<RunSummary>> ListAsync(
        string? pipelineId, RunStatus? status, int page, int pageSize, CancellationToken cancellationToken)
    {
        IQueryable<RunSummary> query = session.Query<RunSummary>().Stats(out QueryStatistics stats);
        if (pipelineId is not null)
        {
            query = query.Where(r => r.PipelineId == pipelineId);
        }

        if (status is { } wanted)
        {
            query = query.Where(r => r.Status == wanted);
        }

        var items = await query.OrderByDescending(r => r.StartedAt)
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .ToListAsync(cancellationToken);
        return new PagedResult<RunSummary>(items, page, pageSize, stats.TotalResults);
    }

    /// <summary>The run's timeline after a given stream version (0 for all of it).</summary>
    public Task<IReadOnlyList<IEvent>> EventsAsync(string runId, long afterVersion, CancellationToken cancellationToken) =>
        session.Events.FetchStreamAsync(runId, fromVersion: afterVersion + 1, token: cancellationToken);
}
