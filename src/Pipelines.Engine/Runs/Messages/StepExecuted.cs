using Pipelines.Connectors;

namespace Pipelines.Engine.Runs.Messages;

/// <summary>A worker's report of one step execution, with every provider call it made.</summary>
public sealed record StepExecuted(
    string TenantId,
    string RunId,
    string StepId,
    int Dispatch,
    bool Succeeded,
    string? OutputJson,
    string? Error,
    OutcomeClass? Outcome,
    int Attempts,
    IReadOnlyList<ProviderAttempt> Calls,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt);
