using Pipelines.Connectors;

namespace Pipelines.Engine.Runs;

// A run is one Marten event stream; these events are its whole truth. JSON payloads travel as strings so the
// stored shape never depends on serializer settings.

public sealed record RunStarted(
    string RunId,
    string PipelineId,
    int PipelineVersion,
    IReadOnlyList<string> StepIds,
    string InputsJson,
    string? IdempotencyKey,
    DateTimeOffset? Deadline,
    string StartedBy,
    DateTimeOffset At);

/// <summary>The step may run; the dispatcher turns this into an ExecuteStep message. Dispatch counts re-dispatches.</summary>
public sealed record StepReady(string StepId, int Dispatch, DateTimeOffset LeaseUntil, DateTimeOffset At);

public sealed record StepAttempted(string StepId, int Attempt, ProviderAttempt Call, DateTimeOffset At);

public sealed record ProviderSwapped(string StepId, string From, string To, string Reason, DateTimeOffset At);

public sealed record StepSucceeded(string StepId, string OutputJson, int Attempts, DateTimeOffset StartedAt, DateTimeOffset At);

public sealed record StepFailed(string StepId, string Error, OutcomeClass? Outcome, int Attempts, DateTimeOffset At);

public sealed record StepSkipped(string StepId, string Reason, DateTimeOffset At);

public sealed record WaitingForSignal(string StepId, string Signal, DateTimeOffset? TimeoutAt, DateTimeOffset At);

public sealed record SignalReceived(string StepId, string Signal, string PayloadJson, string By, DateTimeOffset At);

public sealed record RunSucceeded(string OutputsJson, DateTimeOffset At);

public sealed record RunFailed(string Error, string? StepId, DateTimeOffset At);

public sealed record RunCancelled(string Reason, string By, DateTimeOffset At);
