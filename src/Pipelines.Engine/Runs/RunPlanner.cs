using System.Text.Json.Nodes;
using Pipelines.Core.Definitions;
using Pipelines.Engine.Runs.Messages;

namespace Pipelines.Engine.Runs;

/// <summary>
/// The engine's decisions as pure functions of (definition, run state, time) → new events. No I/O, so every rule
/// is tested without a database or a bus, and every writer (API, orchestrator, sweeper) decides the same way.
/// </summary>
public static class RunPlanner
{
    /// <summary>Margin past a step's own time budget before its lease is considered lost.</summary>
    public static readonly TimeSpan LeaseGrace = TimeSpan.FromSeconds(30);

    /// <summary>Marks every step whose needs are settled as ready, skipped or waiting, and ends the run when nothing is left.</summary>
    public static IReadOnlyList<object> Plan(PipelineDefinition definition, RunSummary state, DateTimeOffset now)
    {
        var events = new List<object>();
        if (state.Status.IsTerminal())
        {
            return events;
        }

        void Emit(object e)
        {
            events.Add(e);
            state.Fold(e);
        }

        if (state.Steps.FirstOrDefault(s => s.Value.Status == StepStatus.Failed) is { Key: { } failedStep, Value: { } failed })
        {
            Emit(new RunFailed($"Step '{failedStep}' failed: {failed.Error}", failedStep, now));
            return events;
        }

        // Skipping a step can settle the needs of the next ones, so repeat until nothing changes.
        bool changed;
        do
        {
            changed = false;
            foreach (var (stepId, step) in definition.Steps)
            {
                if (state.StatusOf(stepId) != StepStatus.Pending || !step.Needs.All(n => state.StatusOf(n).IsTerminal()))
                {
                    continue;
                }

                Emit(Settle(definition, stepId, step, state, now));
                changed = true;
            }
        }
        while (changed);

        if (definition.Steps.Keys.All(id => state.StatusOf(id).IsTerminal()))
        {
            Emit(new RunSucceeded(RenderOutputs(definition, state).ToJsonString(), now));
        }

        return events;
    }

    /// <summary>Records a worker's report; a report for a step already settled (duplicate or late) changes nothing.</summary>
    public static IReadOnlyList<object> Record(PipelineDefinition definition, RunSummary state, StepExecuted report, DateTimeOffset now)
    {
        if (state.Status.IsTerminal() || state.StatusOf(report.StepId) != StepStatus.Ready)
        {
            return [];
        }

        var events = new List<object>();
        for (var i = 0; i < report.Calls.Count; i++)
        {
            var call = report.Calls[i];
            // A call on another provider than the one before it is a swap; the earlier call's outcome is why.
            if (i > 0 && report.Calls[i - 1] is { } previous && previous.Provider != call.Provider)
            {
                events.Add(new ProviderSwapped(
                    report.StepId, previous.Provider, call.Provider, $"{previous.Outcome}: {previous.Error}", report.EndedAt));
            }

            events.Add(new StepAttempted(report.StepId, i + 1, call, report.EndedAt));
        }

        events.Add(report.Succeeded
            ? new StepSucceeded(report.StepId, report.OutputJson ?? "null", report.Attempts, report.StartedAt, report.EndedAt)
            : new StepFailed(report.StepId, report.Error ?? "failed", report.Outcome, report.Attempts, report.EndedAt));
        foreach (var e in events)
        {
            state.Fold(e);
        }

        return [.. events, .. Plan(definition, state, now)];
    }

    /// <summary>Re-dispatches steps whose lease passed (the backstop behind process heartbeats), times out approvals, and enforces the run deadline.</summary>
    public static IReadOnlyList<object> Sweep(PipelineDefinition definition, RunSummary state, DateTimeOffset now)
    {
        if (state.Status.IsTerminal())
        {
            return [];
        }

        if (state.Deadline is { } deadline && now >= deadline)
        {
            var e = new RunFailed($"The run passed its deadline ({deadline:O}).", null, now);
            state.Fold(e);
            return [e];
        }

        var events = new List<object>();
        foreach (var (stepId, step) in state.Steps)
        {
            if (step.Status == StepStatus.Ready && step.LeaseUntil <= now)
            {
                events.Add(DispatchAgain(definition, stepId, step, now));
            }
            else if (step.Status == StepStatus.Waiting && step.WaitUntil <= now)
            {
                events.Add(ApprovalTimedOut(stepId, definition.Steps[stepId], now));
            }
        }

        foreach (var e in events)
        {
            state.Fold(e);
        }

        return events.Count == 0 ? events : [.. events, .. Plan(definition, state, now)];
    }

    /// <summary>
    /// Dispatches a step again because the process holding this dispatch of it died; nothing when the step has
    /// settled or was dispatched again meanwhile.
    /// </summary>
    public static IReadOnlyList<object> Redispatch(PipelineDefinition definition, RunSummary state, string stepId, int dispatch, DateTimeOffset now)
    {
        if (state.Status.IsTerminal() || !state.Steps.TryGetValue(stepId, out var step)
            || step.Status != StepStatus.Ready || step.Dispatch != dispatch)
        {
            return [];
        }

        var e = DispatchAgain(definition, stepId, step, now);
        state.Fold(e);
        return [e];
    }

    /// <summary>An approval decision; only a step waiting for exactly this signal accepts it.</summary>
    public static IReadOnlyList<object> Signal(
        PipelineDefinition definition, RunSummary state, string signal, JsonObject payload, string by, DateTimeOffset now)
    {
        var waiting = state.Steps.FirstOrDefault(s => s.Value.Status == StepStatus.Waiting && s.Value.Signal == signal);
        if (state.Status.IsTerminal() || waiting.Key is null)
        {
            return [];
        }

        // Fails closed: only a literal true approves (the API refuses anything but a boolean before this).
        var approved = payload["approved"]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
        var output = new JsonObject
        {
            ["approved"] = approved,
            ["by"] = by,
            ["comment"] = payload["comment"]?.DeepClone(),
        };
        var events = new List<object>
        {
            new SignalReceived(waiting.Key, signal, payload.ToJsonString(), by, now),
            new StepSucceeded(waiting.Key, output.ToJsonString(), 1, waiting.Value.ReadyAt ?? now, now),
        };
        foreach (var e in events)
        {
            state.Fold(e);
        }

        return [.. events, .. Plan(definition, state, now)];
    }

    public static IReadOnlyList<object> Cancel(RunSummary state, string reason, string by, DateTimeOffset now)
    {
        if (state.Status.IsTerminal())
        {
            return [];
        }

        var e = new RunCancelled(reason, by, now);
        state.Fold(e);
        return [e];
    }

    /// <summary>How long a dispatched step may stay silent: its timeout for every try, plus a grace margin.</summary>
    public static TimeSpan LeaseFor(PipelineDefinition definition, StepDefinition step) =>
        (StepSettings.TimeoutOf(definition.Defaults, step) * (1 + StepSettings.RetriesOf(definition.Defaults, step))) + LeaseGrace;

    private static StepReady DispatchAgain(PipelineDefinition definition, string stepId, StepState step, DateTimeOffset now) =>
        new(stepId, step.Dispatch + 1, now + LeaseFor(definition, definition.Steps[stepId]), now);

    private static object Settle(PipelineDefinition definition, string stepId, StepDefinition step, RunSummary state, DateTimeOffset now)
    {
        if (step.Needs.Count > 0 && step.Needs.All(n => state.StatusOf(n) == StepStatus.Skipped))
        {
            return new StepSkipped(stepId, "All of its needs were skipped.", now);
        }

        if (step.Condition is { } condition && !RunTemplates.IsTrue(condition, RunData.Of(state)))
        {
            return new StepSkipped(stepId, "Its if condition was false.", now);
        }

        if (step.Kind == StepKind.Approval)
        {
            return new WaitingForSignal(stepId, stepId, Duration.TryParse(step.Timeout, out var wait) ? now + wait : null, now);
        }

        return new StepReady(stepId, 1, now + LeaseFor(definition, step), now);
    }

    private static object ApprovalTimedOut(string stepId, StepDefinition step, DateTimeOffset now) => step.OnTimeout switch
    {
        ApprovalTimeoutAction.Approve or ApprovalTimeoutAction.Reject => new StepSucceeded(
            stepId,
            new JsonObject { ["approved"] = step.OnTimeout == ApprovalTimeoutAction.Approve, ["by"] = "timeout", ["comment"] = null }
                .ToJsonString(),
            1,
            now,
            now),
        _ => new StepFailed(stepId, "No approval arrived before the timeout.", Connectors.OutcomeClass.Timeout, 1, now),
    };

    private static JsonObject RenderOutputs(PipelineDefinition definition, RunSummary state)
    {
        var data = RunData.Of(state);
        var outputs = new JsonObject();
        foreach (var (name, template) in definition.Outputs)
        {
            outputs[name] = RunTemplates.Render(template, data);
        }

        return outputs;
    }
}
