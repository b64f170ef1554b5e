using System.Text.Json.Nodes;
using Pipelines.Connectors;
using Pipelines.Core.Definitions;
using Pipelines.Engine.Runs;
using Pipelines.Engine.Runs.Messages;

namespace Pipelines.Engine.Tests;

/// <summary>The engine's decisions, as pure functions: no database, no bus.</summary>
public sealed class RunPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static StepDefinition Transform(params string[] needs) =>
        new() { Uses = "transform", Needs = needs, With = new JsonObject { ["v"] = "x" } };

    private static PipelineDefinition Pipeline(params (string Id, StepDefinition Step)[] steps) => new()
    {
        Id = "p",
        Title = "p",
        Steps = steps.ToDictionary(s => s.Id, s => s.Step),
    };

    private static RunSummary Start(PipelineDefinition definition, string inputs = "{}")
    {
        var state = RunSummary.Create(new RunStarted("run-1", definition.Id, 1, [.. definition.Steps.Keys], inputs, null, null, "key", Now));
        RunPlanner.Plan(definition, state, Now);

        return state;
    }

    private static StepExecuted Ok(string stepId, int dispatch = 1, params ProviderAttempt[] calls) =>
        new("t", "run-1", stepId, dispatch, true, "{\"v\":\"x\"}", null, null, 1, calls, Now, Now);

    [Fact]
    public void Plan_NewRun_MarksOnlyRootsReady()
    {
        // Arrange
        var definition = Pipeline(("a", Transform()), ("b", Transform()), ("c", Transform("a", "b")));

        // Act
        var state = Start(definition);

        // Assert
        Assert.Equal(StepStatus.Ready, state.StatusOf("a"));
        Assert.Equal(StepStatus.Ready, state.StatusOf("b"));
        Assert.Equal(StepStatus.Pending, state.StatusOf("c"));
    }

    [Fact]
    public void Record_JoinWaitsForEveryNeed_ThenBecomesReadyOnce()
    {
        // Arrange
        var definition = Pipeline(("a", Transform()), ("b", Transform()), ("c", Transform("a", "b")));
        var state = Start(definition);

        // Act
        var afterA = RunPlanner.Record(definition, state, Ok("a"), Now);
        var afterB = RunPlanner.Record(definition, state, Ok("b"), Now);
        var duplicateB = RunPlanner.Record(definition, state, Ok("b"), Now);

        // Assert
        Assert.DoesNotContain(afterA, e => e is StepReady);
        Assert.Single(afterB, e => e is StepReady { StepId: "c" });
        Assert.Empty(duplicateB);
    }

    [Fact]
    public void Record_LastStepSucceeds_EndsTheRun()
    {
        // Arrange
        var definition = Pipeline(("a", Transform()));
        var state = Start(definition);

        // Act
        var events = RunPlanner.Record(definition, state, Ok("a"), Now);

        // Assert
        Assert.IsType<RunSucceeded>(events[^1]);
        Assert.Equal(RunStatus.Succeeded, state.Status);
    }

    [Fact]
    public void Record_StepFails_FailsTheRunAndStartsNothingElse()
    {
        // Arrange
        var definition = Pipeline(("a", Transform()), ("b", Transform("a")));
        var state = Start(definition);
        var failure = new StepExecuted("t", "run-1", "a", 1, false, null, "boom", OutcomeClass.InvalidRequest, 1, [], Now, Now);

        // Act
        var events = RunPlanner.Record(definition, state, failure, Now);

        // Assert
        Assert.Contains(events, e => e is RunFailed { StepId: "a" });
        Assert.DoesNotContain(events, e => e is StepReady);
        Assert.Equal(StepStatus.Pending, state.StatusOf("b"));
    }

    [Fact]
    public void Record_CallsOnTwoProviders_RecordsTheSwapWithItsReason()
    {
        // Arrange
        var definition = Pipeline(("a", new StepDefinition { Uses = "chat", Providers = ["p1", "p2"] }));
        var state = Start(definition);
        var report = Ok("a", 1,
            new ProviderAttempt("p1", OutcomeClass.RateLimited, 12, "slow down"),
            new ProviderAttempt("p2", OutcomeClass.Ok, 30));

        // Act
        var events = RunPlanner.Record(definition, state, report, Now);

        // Assert
        var swap = Assert.Single(events.OfType<ProviderSwapped>());
        Assert.Equal(("p1", "p2"), (swap.From, swap.To));
        Assert.StartsWith("RateLimited", swap.Reason, StringComparison.Ordinal);
        Assert.Equal(2, events.OfType<StepAttempted>().Count());
    }

    [Fact]
    public void Sweep_LeaseExpired_RedispatchesWithTheNextDispatchNumber_AndTheStaleReportStillCountsOnce()
    {
        // Arrange
        var definition = Pipeline(("a", Transform()));
        var state = Start(definition);
        var later = Now + RunPlanner.LeaseFor(definition, definition.Steps["a"]) + TimeSpan.FromSeconds(1);

        // Act
        var swept = RunPlanner.Sweep(definition, state, later);
        var lateReport = RunPlanner.Record(definition, state, Ok("a", dispatch: 1), later);
        var secondReport = RunPlanner.Record(definition, state, Ok("a", dispatch: 2), later);

        // Assert
        Assert.Equal(2, Assert.IsType<StepReady>(Assert.Single(swept)).Dispatch);
        Assert.Contains(lateReport, e => e is StepSucceeded);
        Assert.Empty(secondReport);
    }

    [Fact]
    public void Redispatch_HolderDied_DispatchesAgainOnce_AndNotAStepThatSettledOrMovedOn()
    {
        // Arrange
        var definition = Pipeline(("a", Transform()), ("b", Transform()));
        var state = Start(definition);
        RunPlanner.Record(definition, state, Ok("b"), Now);

        // Act
        var again = RunPlanner.Redispatch(definition, state, "a", 1, Now);
        var staleDispatch = RunPlanner.Redispatch(definition, state, "a", 1, Now);
        var settled = RunPlanner.Redispatch(definition, state, "b", 1, Now);

        // Assert
        var ready = Assert.IsType<StepReady>(Assert.Single(again));
        Assert.Equal(2, ready.Dispatch);
        Assert.True(ready.LeaseUntil > Now);
        Assert.Equal(2, state.Steps["a"].Dispatch);
        Assert.Empty(staleDispatch);
        Assert.Empty(settled);
    }

    [Fact]
    public void Sweep_PastDeadline_FailsTheRun()
    {
        // Arrange
        var definition = Pipeline(("a", Transform()));
        var state = RunSummary.Create(new RunStarted("run-1", "p", 1, ["a"], "{}", null, Now.AddSeconds(5), "key", Now));
        RunPlanner.Plan(definition, state, Now);

        // Act
        var events = RunPlanner.Sweep(definition, state, Now.AddSeconds(6));

        // Assert
        Assert.IsType<RunFailed>(Assert.Single(events));
        Assert.Equal(RunStatus.Failed, state.Status);
    }

    [Fact]
    public void Plan_Approval_WaitsForItsSignal_AndTimeoutFollowsOnTimeout()
    {
        // Arrange
        var definition = Pipeline(
            ("ok", new StepDefinition { Uses = "approval", Timeout = "1m", OnTimeout = ApprovalTimeoutAction.Reject }));
        var state = Start(definition);

        // Act
        var swept = RunPlanner.Sweep(definition, state, Now.AddMinutes(2));

        // Assert
        Assert.Contains(swept, e => e is StepSucceeded s && s.OutputJson.Contains("\"approved\":false", StringComparison.Ordinal));
        Assert.Equal(RunStatus.Succeeded, state.Status);
    }

    [Fact]
    public void Cancel_StopsTheRun_AndLaterReportsChangeNothing()
    {
        // Arrange
        var definition = Pipeline(("a", Transform()));
        var state = Start(definition);

        // Act
        var cancelled = RunPlanner.Cancel(state, "stop", "key", Now);
        var report = RunPlanner.Record(definition, state, Ok("a"), Now);

        // Assert
        Assert.IsType<RunCancelled>(Assert.Single(cancelled));
        Assert.Empty(report);
    }
}
