using Marten;
using Marten.Linq;

namespace Pipelines.Engine.Definitions;

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);

/// <summary>Reads of definitions through the caller's tenant session.</summary>
public sealed class DefinitionQueries(IQuerySession session)
{
    public Task<PipelineDocument?> GetAsync(string id, CancellationToken cancellationToken) =>
        session.LoadAsync<PipelineDocument>(id, cancellationToken);

    /// <summary>Archived pipelines are listed only when asked for by status.</summary>
    public async Task<PagedResult<PipelineDocument>> ListAsync(
        string? text, PipelineStatus? status, int page, int pageSize, CancellationToken cancellationToken)
    {
        IQueryable<PipelineDocument> query = session.Query<PipelineDocument>()
            .Stats(out QueryStatistics stats);
        query = status is { } wanted
            ? query.Where(p => p.Status == wanted)
            : query.Where(p => p.Status != PipelineStatus.Archived);
        if (!string.IsNullOrWhiteSpace(text))
        {
            query = query.Where(p => p.Id.Contains(text, StringComparison.OrdinalIgnoreCase)
                || p.Title.Contains(text, StringComparison.OrdinalIgnoreCase));
        }

        var items = await query.OrderBy(p => p.Id)
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .ToListAsync(cancellationToken);
        return new PagedResult<PipelineDocument>(items, page, pageSize, stats.TotalResults);
    }

    public async Task<IReadOnlyList<PipelineVersionDocument>> ListVersionsAsync(string id, CancellationToken cancellationToken) =>
        await session.Query<PipelineVersionDocument>()
            .Where(v => v.PipelineId == id)
            .OrderBy(v => v.Version)
            .ToListAsync(cancellationToken);

    public Task<PipelineVersionDocument?> GetVersionAsync(string id, int version, CancellationToken cancellationToken) =>
        session.LoadAsync<PipelineVersionDocument>(PipelineVersionDocument.IdFor(id, version), cancellationToken);
}
