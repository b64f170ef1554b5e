using System.Text.Json;
using Pipelines.Connectors;
using Pipelines.Engine.Runs;

namespace Pipelines.Api.Runs;

public sealed record RunListItem(
    string Id, string PipelineId, int PipelineVersion, RunStatus Status, DateTimeOffset StartedAt, DateTimeOffset? EndedAt)
{
    public static RunListItem From(RunSummary r) => new(r.Id, r.PipelineId, r.PipelineVersion, r.Status, r.StartedAt, r.EndedAt);
}

public sealed record StepView(
    string Id,
    StepStatus Status,
    int Attempts,
    int Dispatches,
    DateTimeOffset? ReadyAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    double? DurationMs,
    JsonElement? Output,
    string? Error,
    OutcomeClass? Outcome,
    string? WaitingForSignal,
    IReadOnlyList<ProviderAttempt> Calls,
    IReadOnlyList<Swap> Swaps);

public sealed record RunView(
    string Id,
    string PipelineId,
    int PipelineVersion,
    RunStatus Status,
    JsonElement Inputs,
    JsonElement? Outputs,
    string? Error,
    string? FailedStep,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    DateTimeOffset? Deadline,
    IReadOnlyList<StepView> Steps)
{
    public static RunView From(RunSummary r) => new(
        r.Id, r.PipelineId, r.PipelineVersion, r.Status, Parse(r.InputsJson)!.Value, Parse(r.OutputsJson), r.Error, r.FailedStep,
        r.StartedAt, r.EndedAt, r.Deadline,
        [.. r.Steps.Select(s => new StepView(
            s.Key, s.Value.Status, s.Value.Attempts, s.Value.Dispatch, s.Value.ReadyAt, s.Value.StartedAt, s.Value.EndedAt,
            s.Value.EndedAt - (s.Value.StartedAt ?? s.Value.ReadyAt) is { } d ? d.TotalMilliseconds : null,
            Parse(s.Value.OutputJson), s.Value.Error, s.Value.Outcome,
            s.Value.Status == StepStatus.Waiting ? s.Value.Signal : null, s.Value.Calls, s.Value.Swaps))]);

    private static JsonElement? Parse(string? json) => json is null ? null : JsonSerializer.Deserialize<JsonElement>(json);
}

/// <summary>One entry of a run's timeline: the stored event with its type and stream position.</summary>
public sealed record RunEventView(long Sequence, string Type, DateTimeOffset Timestamp, JsonElement Data);
