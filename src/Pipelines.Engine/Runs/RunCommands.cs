using System.Text.Json.Nodes;
using Marten;
using Marten.Exceptions;
using Pipelines.Core.Definitions;
using Pipelines.Engine.Definitions;

namespace Pipelines.Engine.Runs;

/// <summary>Starts, cancels and signals runs through the caller's tenant session. Nothing is appended unless valid.</summary>
public sealed class RunCommands(IDocumentSession session, PublishedDefinitions definitions, TimeProvider clock)
{
    public async Task<StartRunOutcome> StartAsync(StartRun command, string startedBy, CancellationToken cancellationToken)
    {
        var runId = RunIds.For(command.PipelineId, command.IdempotencyKey);
        if (command.IdempotencyKey is not null
            && await session.LoadAsync<RunSummary>(runId, cancellationToken) is { } existing)
        {
            return StartRunOutcome.Started(existing, existing: true);
        }

        var pipeline = await session.LoadAsync<PipelineDocument>(command.PipelineId, cancellationToken);
        if (pipeline is null)
        {
            return StartRunOutcome.Fail(StartRunFailure.PipelineNotFound, $"No pipeline '{command.PipelineId}'.");
        }

        if (pipeline.Status == PipelineStatus.Archived)
        {
            return StartRunOutcome.Fail(StartRunFailure.Archived, $"Pipeline '{command.PipelineId}' is archived; it takes no new runs.");
        }

        var version = command.Version ?? pipeline.LatestVersion;
        if (version is null)
        {
            return StartRunOutcome.Fail(StartRunFailure.NotPublished, $"Pipeline '{command.PipelineId}' has no published version; publish it first.");
        }

        var definition = await definitions.GetAsync(session.TenantId, command.PipelineId, version.Value, cancellationToken);
        if (definition is null)
        {
            return StartRunOutcome.Fail(StartRunFailure.VersionNotFound, $"Pipeline '{command.PipelineId}' has no published version {version}.");
        }

        var inputs = command.Inputs ?? [];
        // Pointers name the field in the request body: /inputs/<name>.
        var problems = RunInputs.Validate(definition, inputs).Select(d => d with { Pointer = "/inputs" + d.Pointer }).ToList();
        if (problems.Count > 0)
        {
            return StartRunOutcome.Fail(StartRunFailure.InvalidInputs, $"The inputs have {problems.Count} problem(s).", problems);
        }

        var now = clock.GetUtcNow();
        var started = new RunStarted(
            runId, command.PipelineId, version.Value, [.. definition.Steps.Keys], RunInputs.WithDefaults(definition, inputs).ToJsonString(),
            command.IdempotencyKey, command.Deadline is { } deadline ? now + deadline : null, startedBy, now);
        var state = RunSummary.Create(started);
        var next = RunPlanner.Plan(definition, state, now);
        foreach (var e in next)
        {
            state.Fold(e);
        }

        session.Events.StartStream<RunSummary>(runId, [started, .. next]);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (ExistingStreamIdCollisionException) when (command.IdempotencyKey is not null)
        {
            // A concurrent start with the same key won; answer with its run.
            await using var fresh = session.DocumentStore.QuerySession(session.TenantId);
            return StartRunOutcome.Started((await fresh.LoadAsync<RunSummary>(runId, cancellationToken))!, existing: true);
        }

        return StartRunOutcome.Started(state, existing: false);
    }
}

public sealed record StartRun(string PipelineId, int? Version, JsonObject? Inputs, string? IdempotencyKey, TimeSpan? Deadline);
