using System.Collections.Concurrent;
using Marten;
using Pipelines.Core.Definitions;
using Pipelines.Engine.Definitions;

namespace Pipelines.Engine.Runs;

/// <summary>
/// Parsed published versions, cached forever: a published version never changes, so a cache entry never goes stale.
/// </summary>
public sealed class PublishedDefinitions(IDocumentStore store)
{
    private readonly ConcurrentDictionary<(string Tenant, string Pipeline, int Version), PipelineDefinition> _cache = new();

    public async Task<PipelineDefinition?> GetAsync(string tenantId, string pipelineId, int version, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue((tenantId, pipelineId, version), out var cached))
        {
            return cached;
        }

        await using var session = store.QuerySession(tenantId);
        var document = await session.LoadAsync<PipelineVersionDocument>(PipelineVersionDocument.IdFor(pipelineId, version), cancellationToken);
        if (document is null)
        {
            return null;
        }

        return _cache.GetOrAdd((tenantId, pipelineId, version), DefinitionSerializer.FromJson(document.Json));
    }
}
