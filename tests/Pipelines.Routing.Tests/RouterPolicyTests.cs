using Pipelines.Connectors;
using Pipelines.Core.Definitions;
using Pipelines.Routing.Health;

namespace Pipelines.Routing.Tests;

public sealed class RouterPolicyTests
{
    [Theory]
    [InlineData(OutcomeClass.Unavailable)]
    [InlineData(OutcomeClass.Timeout)]
    [InlineData(OutcomeClass.RateLimited)]
    [InlineData(OutcomeClass.Stalled)]
    public async Task Ordered_DefaultSwapOutcome_MovesToNextProvider(OutcomeClass outcome)
    {
        // Arrange
        using var harness = new RouterHarness();
        var primary = FakeProvider.Failing("primary", outcome);
        var backup = FakeProvider.Answering("backup");
        harness.Add(primary).Add(backup);

        // Act
        var result = await harness.RouteAsync(["primary", "backup"]);

        // Assert
        Assert.Equal("backup", result.Provider);
        Assert.Equal([("primary", outcome), ("backup", OutcomeClass.Ok)], result.Attempts.Select(a => (a.Provider, a.Outcome)));
    }

    [Theory]
    [InlineData(OutcomeClass.InvalidRequest)]
    [InlineData(OutcomeClass.Auth)]
    [InlineData(OutcomeClass.Filtered)]
    [InlineData(OutcomeClass.ContextLength)]
    public async Task Ordered_NonSwapOutcome_StopsWithoutCallingBackup(OutcomeClass outcome)
    {
        // Arrange
        using var harness = new RouterHarness();
        var backup = FakeProvider.Answering("backup");
        harness.Add(FakeProvider.Failing("primary", outcome)).Add(backup);

        // Act
        var failure = await Assert.ThrowsAsync<StepExecutionException>(() => harness.RouteAsync(["primary", "backup"]));

        // Assert
        Assert.Equal(outcome, failure.Outcome);
        Assert.Equal(0, backup.Calls);
    }

    [Fact]
    public async Task Filtered_WhenStepOptsIn_SwapsAndRecordsTheRefusal()
    {
        // Arrange
        using var harness = new RouterHarness();
        harness.Add(FakeProvider.Failing("primary", OutcomeClass.Filtered)).Add(FakeProvider.Answering("backup"));
        var policy = new RoutingPolicy { SwapOn = [SwapReason.Filtered] };

        // Act
        var result = await harness.RouteAsync(["primary", "backup"], policy);

        // Assert
        Assert.Equal("backup", result.Provider);
        Assert.Equal(OutcomeClass.Filtered, result.Attempts[0].Outcome);
        var snapshot = harness.Health.Snapshot("primary");
        Assert.Equal(1, snapshot.Capabilities[0].Refusals, 3);
        Assert.Equal(1, RefusalScopes.Of(RouterHarness.Tenant, snapshot.RefusalsByScope)["pipeline/step"], 3);
        Assert.Empty(RefusalScopes.Of("another-tenant", snapshot.RefusalsByScope));
        Assert.Equal(1, snapshot.Score, 3); // a refusal is not ill health
    }

    [Fact]
    public async Task InvalidRequest_NeverSwaps_EvenWhenListed()
    {
        // Arrange: swapOn cannot name invalid_request, but auth failures must not swap even with every other class listed
        using var harness = new RouterHarness();
        var backup = FakeProvider.Answering("backup");
        harness.Add(FakeProvider.Failing("primary", OutcomeClass.Auth)).Add(backup);
        var policy = new RoutingPolicy { SwapOn = Enum.GetValues<SwapReason>() };

        // Act
        await Assert.ThrowsAsync<StepExecutionException>(() => harness.RouteAsync(["primary", "backup"], policy));

        // Assert
        Assert.Equal(0, backup.Calls);
    }

    [Fact]
    public async Task ContextLength_SwapsOnlyToLargerContextWindow()
    {
        // Arrange
        using var harness = new RouterHarness();
        var small = FakeProvider.Failing("small", OutcomeClass.ContextLength, manifest: Manifest("small", 8_000));
        var alsoSmall = FakeProvider.Answering("also-small", Manifest("also-small", 8_000));
        var large = FakeProvider.Answering("large", Manifest("large", 128_000));
        harness.Add(small).Add(alsoSmall).Add(large);
        var policy = new RoutingPolicy { SwapOn = [SwapReason.ContextLength] };

        // Act
        var result = await harness.RouteAsync(["small", "also-small", "large"], policy);

        // Assert
        Assert.Equal("large", result.Provider);
        Assert.Equal(0, alsoSmall.Calls);
    }

    [Fact]
    public async Task Residency_DisallowedProviderNeverCalled_EvenWhenAllAllowedFail()
    {
        // Arrange
        using var harness = new RouterHarness();
        var us = FakeProvider.Answering("us-provider");
        harness.Add(FakeProvider.Failing("eu-1", OutcomeClass.Unavailable).Registered(Tags("eu")))
            .Add(FakeProvider.Failing("eu-2", OutcomeClass.Unavailable).Registered(Tags("eu")))
            .Add(us.Registered(Tags("us")));
        var constraints = new StepConstraints { Residency = ["eu"] };

        // Act
        var failure = await Assert.ThrowsAsync<StepExecutionException>(() => harness.RouteAsync(["eu-1", "us-provider", "eu-2"], constraints: constraints));

        // Assert
        Assert.Equal(0, us.Calls);
        Assert.Equal(["eu-1", "eu-2"], failure.Attempts.Select(a => a.Provider));
    }

    [Fact]
    public async Task Constraints_NothingEligible_ErrorNamesEachExclusion()
    {
        // Arrange
        using var harness = new RouterHarness();
        harness.Add(FakeProvider.Answering("pricey", Manifest("pricey", 8_000, cost: 0.03m)));

        // Act
        var failure = await Assert.ThrowsAsync<StepExecutionException>(() =>
            harness.RouteAsync(["pricey", "ghost"], constraints: new StepConstraints { MaxCostPer1kTokens = 0.01m }));

        // Assert
        Assert.Equal(OutcomeClass.Unavailable, failure.Outcome);
        Assert.Contains("pricey cost per 1k tokens 0.03 exceeds 0.01", failure.Message);
        Assert.Contains("ghost is not registered", failure.Message);
    }

    [Fact]
    public async Task OpenCircuit_SkippedWithoutCall_AndRecordedAsNotCalled()
    {
        // Arrange
        using var harness = new RouterHarness(new RoutingOptions { ConsecutiveFailuresToOpen = 2, Retries = 0 });
        var primary = FakeProvider.Failing("primary", OutcomeClass.Unavailable);
        harness.Add(primary).Add(FakeProvider.Answering("backup"));
        await harness.RouteAsync(["primary", "backup"]);
        await harness.RouteAsync(["primary", "backup"]);

        // Act
        var result = await harness.RouteAsync(["primary", "backup"]);

        // Assert
        Assert.Equal(2, primary.Calls);
        Assert.StartsWith("not called: circuit open", result.Attempts[0].Error);
        Assert.Equal("backup", result.Provider);
    }

    [Fact]
    public async Task HealthRanked_PrefersTheHealthierProvider()
    {
        // Arrange
        using var harness = new RouterHarness(new RoutingOptions { ConsecutiveFailuresToOpen = 100, MinimumCalls = 1000, Retries = 0 });
        var flaky = new FakeProvider("flaky", (n, _) => n % 2 == 0 ? Task.FromResult(FakeProvider.Answer("flaky")) : throw new ConnectorException(OutcomeClass.Unavailable, "down"));
        var steady = FakeProvider.Answering("steady");
        harness.Add(flaky).Add(steady);
        var policy = new RoutingPolicy { Strategy = RoutingStrategy.HealthRanked };
        await harness.RouteAsync(["flaky", "steady"]); // flaky fails once, steady answers

        // Act
        var result = await harness.RouteAsync(["flaky", "steady"], policy);

        // Assert
        Assert.Equal("steady", result.Provider);
        Assert.Single(result.Attempts);
    }

    [Fact]
    public async Task Cheapest_TriesLowestCostFirst()
    {
        // Arrange
        using var harness = new RouterHarness();
        harness.Add(FakeProvider.Answering("dear", Manifest("dear", 8_000, 0.02m))).Add(FakeProvider.Answering("cheap", Manifest("cheap", 8_000, 0.001m)));

        // Act
        var result = await harness.RouteAsync(["dear", "cheap"], new RoutingPolicy { Strategy = RoutingStrategy.Cheapest });

        // Assert
        Assert.Equal("cheap", result.Provider);
    }

    [Fact]
    public async Task Weighted_SplitsTrafficByWeight()
    {
        // Arrange
        using var harness = new RouterHarness();
        var heavy = FakeProvider.Answering("heavy");
        var light = FakeProvider.Answering("light");
        harness.Add(heavy).Add(light);
        var policy = new RoutingPolicy { Strategy = RoutingStrategy.Weighted, Weights = new Dictionary<string, decimal> { ["heavy"] = 9, ["light"] = 1 } };

        // Act
        for (var i = 0; i < 1000; i++)
        {
            await harness.RouteAsync(["light", "heavy"], policy);
        }

        // Assert: 90% ± a wide margin for chance
        Assert.InRange(heavy.Calls, 830, 960);
        Assert.Equal(1000, heavy.Calls + light.Calls);
    }

    [Fact]
    public async Task RetryBudget_Spent_StopsSwapping()
    {
        // Arrange: no retries allowed beyond zero concurrent
        using var harness = new RouterHarness(new RoutingOptions { MinRetryConcurrency = 0, RetryBudgetRatio = 0, Retries = 0 });
        var backup = FakeProvider.Answering("backup");
        harness.Add(FakeProvider.Failing("primary", OutcomeClass.Unavailable)).Add(backup);

        // Act
        var failure = await Assert.ThrowsAsync<StepExecutionException>(() => harness.RouteAsync(["primary", "backup"]));

        // Assert
        Assert.Equal(0, backup.Calls);
        Assert.Contains(failure.Attempts, a => a.Error!.Contains("retry budget", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deadline_BoundsAllAttemptsTogether()
    {
        // Arrange: each provider hangs until cancelled
        using var harness = new RouterHarness(clock: TimeProvider.System);
        var slow = new FakeProvider("slow", async (_, token) => { await Task.Delay(Timeout.Infinite, token); return FakeProvider.Answer("slow"); });
        var slower = new FakeProvider("slower", async (_, token) => { await Task.Delay(Timeout.Infinite, token); return FakeProvider.Answer("slower"); });
        harness.Add(slow).Add(slower);

        // Act
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var failure = await Assert.ThrowsAsync<StepExecutionException>(() => harness.RouteAsync(["slow", "slower"], new RoutingPolicy { Deadline = "300ms" }));

        // Assert
        Assert.Equal(OutcomeClass.Timeout, failure.Outcome);
        Assert.Equal(0, slower.Calls);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Hedged_SecondStartsAfterDelay_FirstCompleteWins_LoserCancelled()
    {
        // Arrange
        using var harness = new RouterHarness(clock: TimeProvider.System);
        var loserEnded = new TaskCompletionSource();
        var slow = new FakeProvider("slow", async (_, token) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, token); // ends only by cancellation
                return FakeProvider.Answer("slow");
            }
            finally
            {
                loserEnded.TrySetResult();
            }
        });
        harness.Add(slow).Add(FakeProvider.Answering("fast"));

        // Act
        var result = await harness.RouteAsync(["slow", "fast"], new RoutingPolicy { Strategy = RoutingStrategy.Hedged, HedgeDelay = "50ms" });

        // Assert
        Assert.Equal("fast", result.Provider);
        await loserEnded.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Contains(result.Attempts, a => a.Provider == "slow" && a.Outcome == OutcomeClass.Cancelled);
    }

    private static ProviderManifest Manifest(string model, int contextWindow, decimal? cost = null) =>
        new("fake", model, [Capabilities.Chat], contextWindow, InputCostPer1kTokens: cost, OutputCostPer1kTokens: cost);

    private static Dictionary<string, string> Tags(string residency) => new() { ["residency"] = residency };
}
