using System.Text.Json;
using JasperFx;
using Marten;
using Pipelines.Core.Definitions;

namespace Pipelines.Engine.Runs;

/// <summary>
/// The one way to change a running run: read its state, let <see cref="RunPlanner"/> decide, append with optimistic
/// concurrency, and on a conflict (another writer appended first) read again and decide again. Claims on the steps
/// an append settles are released in the same transaction.
/// </summary>
public sealed class RunStreams(IDocumentStore store, PublishedDefinitions definitions, StepClaims claims, TimeProvider clock)
{
    private const int MaxConflictRetries = 20;

    public delegate IReadOnlyList<object> Decision(PipelineDefinition definition, RunSummary state, DateTimeOffset now);

    /// <summary>Returns the state after the append, or null when the run does not exist in this tenant.</summary>
    public async Task<RunSummary?> DecideAsync(string tenantId, string runId, Decision decide, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession(tenantId);
            var stream = await session.Events.FetchForWriting<RunSummary>(runId, cancellationToken);
            if (stream.Aggregate is null)
            {
                return null;
            }

            var definition = await definitions.GetAsync(tenantId, stream.Aggregate.PipelineId, stream.Aggregate.PipelineVersion, cancellationToken)
                ?? throw new InvalidOperationException($"Run {runId} names a missing version.");
            // Decide on a copy: Marten folds the appended events into the snapshot itself.
            var state = Copy(stream.Aggregate);
            var events = decide(definition, state, clock.GetUtcNow());
            if (events.Count == 0)
            {
                return state;
            }

            stream.AppendMany(events);
            claims.ReleaseSettled(session, runId, state, events);
            try
            {
                await session.SaveChangesAsync(cancellationToken);
                return state;
            }
            catch (ConcurrencyException) when (attempt < MaxConflictRetries)
            {
                // Someone else appended first; their events may change the decision, so decide again.
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), cancellationToken);
            }
        }
    }

    private static RunSummary Copy(RunSummary state) =>
        JsonSerializer.Deserialize<RunSummary>(JsonSerializer.Serialize(state))!;
}
