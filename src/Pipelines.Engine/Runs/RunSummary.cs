using Marten.Metadata;
using Pipelines.Connectors;

namespace Pipelines.Engine.Runs;

/// <summary>
/// The run as users read it, folded from its events inline (same transaction as the append),
/// so a read right after a write sees it.
/// </summary>
public sealed class RunSummary : ITenanted
{
    public string Id { get; set; } = "";

    /// <summary>Filled by Marten; lets background sweeps across tenants act in the right one.</summary>
    public string? TenantId { get; set; }

    /// <summary>Stream version, maintained by Marten; used for optimistic concurrency on append.</summary>
    public long Version { get; set; }

    public string PipelineId { get; set; } = "";

    public int PipelineVersion { get; set; }

    public RunStatus Status { get; set; }

    public string InputsJson { get; set; } = "{}";

    public string? OutputsJson { get; set; }

    public string? Error { get; set; }

    public string? FailedStep { get; set; }

    public string? IdempotencyKey { get; set; }

    public string StartedBy { get; set; } = "";

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public DateTimeOffset? Deadline { get; set; }

    public Dictionary<string, StepState> Steps { get; set; } = [];

    /// <summary>Earliest lease, approval timeout or deadline still pending: the sweeper queries this one indexed field.</summary>
    public DateTimeOffset? NextDueAt { get; set; }

    public static RunSummary Create(RunStarted e) => new()
    {
        Id = e.RunId,
        PipelineId = e.PipelineId,
        PipelineVersion = e.PipelineVersion,
        InputsJson = e.InputsJson,
        IdempotencyKey = e.IdempotencyKey,
        Deadline = e.Deadline,
        StartedBy = e.StartedBy,
        StartedAt = e.At,
        Status = RunStatus.Running,
        NextDueAt = e.Deadline,
        Steps = e.StepIds.ToDictionary(id => id, _ => new StepState()),
    };

    public void Apply(StepReady e)
    {
        var step = Step(e.StepId);
        step.Status = StepStatus.Ready;
        step.Dispatch = e.Dispatch;
        step.LeaseUntil = e.LeaseUntil;
        step.ReadyAt ??= e.At;
        RefreshDue();
    }

    public void Apply(StepAttempted e) => Step(e.StepId).Calls.Add(e.Call);

    public void Apply(ProviderSwapped e) => Step(e.StepId).Swaps.Add(new Swap(e.From, e.To, e.Reason, e.At));

    public void Apply(StepSucceeded e)
    {
        var step = Step(e.StepId);
        step.Status = StepStatus.Succeeded;
        step.OutputJson = e.OutputJson;
        step.Attempts = e.Attempts;
        step.StartedAt = e.StartedAt;
        step.EndedAt = e.At;
        step.LeaseUntil = null;
        RefreshDue();
    }

    public void Apply(StepFailed e)
    {
        var step = Step(e.StepId);
        step.Status = StepStatus.Failed;
        step.Error = e.Error;
        step.Outcome = e.Outcome;
        step.Attempts = e.Attempts;
        step.EndedAt = e.At;
        step.LeaseUntil = null;
        RefreshDue();
    }

    public void Apply(StepSkipped e)
    {
        var step = Step(e.StepId);
        step.Status = StepStatus.Skipped;
        step.Error = e.Reason;
        step.EndedAt = e.At;
        RefreshDue();
    }

    public void Apply(WaitingForSignal e)
    {
        var step = Step(e.StepId);
        step.Status = StepStatus.Waiting;
        step.Signal = e.Signal;
        step.WaitUntil = e.TimeoutAt;
        step.ReadyAt ??= e.At;
        RefreshDue();
    }

    public void Apply(SignalReceived e) => Step(e.StepId).SignalPayloadJson = e.PayloadJson;

    public void Apply(RunSucceeded e)
    {
        Status = RunStatus.Succeeded;
        OutputsJson = e.OutputsJson;
        EndedAt = e.At;
        RefreshDue();
    }

    public void Apply(RunFailed e)
    {
        Status = RunStatus.Failed;
        Error = e.Error;
        FailedStep = e.StepId;
        EndedAt = e.At;
        RefreshDue();
    }

    public void Apply(RunCancelled e)
    {
        Status = RunStatus.Cancelled;
        Error = e.Reason;
        EndedAt = e.At;
        RefreshDue();
    }

    /// <summary>Folds any run event; used to plan against the state an append is about to produce.</summary>
    public void Fold(object e)
    {
        switch (e)
        {
            case StepReady x: Apply(x); break;
            case StepAttempted x: Apply(x); break;
            case ProviderSwapped x: Apply(x); break;
            case StepSucceeded x: Apply(x); break;
            case StepFailed x: Apply(x); break;
            case StepSkipped x: Apply(x); break;
            case WaitingForSignal x: Apply(x); break;
            case SignalReceived x: Apply(x); break;
            case RunSucceeded x: Apply(x); break;
            case RunFailed x: Apply(x); break;
            case RunCancelled x: Apply(x); break;
            default: throw new ArgumentException($"Not a run event: {e.GetType().Name}", nameof(e));
        }
    }

    public StepStatus StatusOf(string stepId) => Steps.TryGetValue(stepId, out var step) ? step.Status : StepStatus.Pending;

    private void RefreshDue() => NextDueAt = Status.IsTerminal()
        ? null
        : Steps.Values
            .Select(s => s.Status switch
            {
                StepStatus.Ready => s.LeaseUntil,
                StepStatus.Waiting => s.WaitUntil,
                _ => null,
            })
            .Append(Deadline)
            .Where(t => t is not null)
            .Min();

    private StepState Step(string id)
    {
        if (!Steps.TryGetValue(id, out var step))
        {
            step = new StepState();
            Steps[id] = step;
        }

        return step;
    }
}

public sealed class StepState
{
    public StepStatus Status { get; set; } = StepStatus.Pending;

    public int Dispatch { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset? ReadyAt { get; set; }

    public DateTimeOffset? LeaseUntil { get; set; }

    public DateTimeOffset? WaitUntil { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public string? OutputJson { get; set; }

    public string? Error { get; set; }

    public OutcomeClass? Outcome { get; set; }

    public string? Signal { get; set; }

    public string? SignalPayloadJson { get; set; }

    public List<ProviderAttempt> Calls { get; set; } = [];

    public List<Swap> Swaps { get; set; } = [];
}

public sealed record Swap(string From, string To, string Reason, DateTimeOffset At);
