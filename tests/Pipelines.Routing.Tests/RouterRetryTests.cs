using Pipelines.Connectors;
using Pipelines.Core.Definitions;

namespace Pipelines.Routing.Tests;

/// <summary>Retries on the same provider before a swap, with the clock moved by the test.</summary>
public sealed class RouterRetryTests
{
    [Fact]
    public async Task RateLimited_RetryAfterWithinCap_WaitsItOut_ThenSameProviderAnswers()
    {
        // Arrange
        using var harness = new RouterHarness(new RoutingOptions());
        var primary = new FakeProvider("primary", (n, _) => n == 1
            ? throw new ConnectorException(OutcomeClass.RateLimited, "slow down", TimeSpan.FromSeconds(2))
            : Task.FromResult(FakeProvider.Answer("primary")));
        var backup = FakeProvider.Answering("backup");
        harness.Add(primary).Add(backup);

        // Act
        var routing = harness.RouteAsync(["primary", "backup"]);
        harness.Clock.Advance(TimeSpan.FromSeconds(1.9));
        var doneBeforeRetryAfter = routing.IsCompleted;
        harness.Clock.Advance(TimeSpan.FromSeconds(0.15));
        var result = await routing.WaitAsync(TimeSpan.FromSeconds(5));

        // Assert
        Assert.False(doneBeforeRetryAfter);
        Assert.Equal("primary", result.Provider);
        Assert.Equal([("primary", OutcomeClass.RateLimited), ("primary", OutcomeClass.Ok)], result.Attempts.Select(a => (a.Provider, a.Outcome)));
        Assert.Contains("retry 1 of 2 on the same provider after 2 s", result.Attempts[0].Error, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(2.05), result.Attempts[1].StartedAt - result.Attempts[0].StartedAt);
        Assert.Equal(0, backup.Calls);
    }

    [Fact]
    public async Task RateLimited_RetryAfterBeyondCap_SwapsAtOnce()
    {
        // Arrange
        using var harness = new RouterHarness(new RoutingOptions());
        var primary = FakeProvider.Failing("primary", OutcomeClass.RateLimited, TimeSpan.FromSeconds(30));
        harness.Add(primary).Add(FakeProvider.Answering("backup"));

        // Act: no clock movement needed
        var result = await harness.RouteAsync(["primary", "backup"], new RoutingPolicy { MaxRetryAfter = "5s" });

        // Assert
        Assert.Equal("backup", result.Provider);
        Assert.Equal(1, primary.Calls);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Unavailable_RetriedAsThePolicySays_ThenSwapped(int retries)
    {
        // Arrange: real time, with a 1 ms backoff
        using var harness = new RouterHarness(new RoutingOptions { ConsecutiveFailuresToOpen = 100 }, TimeProvider.System);
        var primary = FakeProvider.Failing("primary", OutcomeClass.Unavailable);
        harness.Add(primary).Add(FakeProvider.Answering("backup"));

        // Act
        var result = await harness.RouteAsync(["primary", "backup"], new RoutingPolicy { Retries = retries, RetryBackoff = "1ms" });

        // Assert
        Assert.Equal("backup", result.Provider);
        Assert.Equal(retries + 1, primary.Calls);
        var onPrimary = result.Attempts.Where(a => a.Provider == "primary").ToList();
        for (var i = 0; i < retries; i++)
        {
            Assert.Contains($"retry {i + 1} of {retries} on the same provider", onPrimary[i].Error, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("retry", onPrimary[^1].Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retries_StopWhenTheCircuitOpens()
    {
        // Arrange: the second failure opens the circuit, so the third attempt is not made
        using var harness = new RouterHarness(new RoutingOptions { ConsecutiveFailuresToOpen = 2 }, TimeProvider.System);
        var primary = FakeProvider.Failing("primary", OutcomeClass.Unavailable);
        harness.Add(primary).Add(FakeProvider.Answering("backup"));

        // Act
        var result = await harness.RouteAsync(["primary", "backup"], new RoutingPolicy { Retries = 5, RetryBackoff = "1ms" });

        // Assert
        Assert.Equal(2, primary.Calls);
        Assert.Equal("backup", result.Provider);
        Assert.Contains(result.Attempts, a => a.Provider == "primary" && a.Error!.StartsWith("not called: circuit open", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retries_NeverOutlastTheDeadline()
    {
        // Arrange: a retry would wait 5 s, the deadline is 1 s
        using var harness = new RouterHarness(new RoutingOptions { ConsecutiveFailuresToOpen = 100 });
        var primary = FakeProvider.Failing("primary", OutcomeClass.RateLimited, TimeSpan.FromSeconds(5));
        harness.Add(primary).Add(FakeProvider.Answering("backup"));

        // Act
        var result = await harness.RouteAsync(["primary", "backup"], new RoutingPolicy { Deadline = "1s" });

        // Assert
        Assert.Equal("backup", result.Provider);
        Assert.Equal(1, primary.Calls);
    }

    [Fact]
    public async Task AttemptTimeout_EndsAHangingCall_AsTimeout_ThenSwaps()
    {
        // Arrange
        using var harness = new RouterHarness(new RoutingOptions { Retries = 0 }, TimeProvider.System);
        var hanging = new FakeProvider("hanging", async (_, token) => { await Task.Delay(Timeout.Infinite, token); return FakeProvider.Answer("hanging"); });
        harness.Add(hanging).Add(FakeProvider.Answering("backup"));

        // Act
        var result = await harness.RouteAsync(["hanging", "backup"], new RoutingPolicy { AttemptTimeout = "200ms" });

        // Assert
        Assert.Equal("backup", result.Provider);
        Assert.Equal(OutcomeClass.Timeout, result.Attempts[0].Outcome);
        Assert.InRange(result.Attempts[0].LatencyMs, 150, 3000);
        Assert.Equal(1, harness.Health.Snapshot("hanging").Circuit.ConsecutiveFailures);
    }

    [Fact]
    public async Task ContextLength_UndeclaredWindows_SwapsToTheNextProvider()
    {
        // Arrange: no provider declares its window, so any other may be larger
        using var harness = new RouterHarness();
        harness.Add(FakeProvider.Failing("first", OutcomeClass.ContextLength)).Add(FakeProvider.Answering("second"));

        // Act
        var result = await harness.RouteAsync(["first", "second"], new RoutingPolicy { SwapOn = [SwapReason.ContextLength] });

        // Assert
        Assert.Equal("second", result.Provider);
    }

    [Fact]
    public async Task ContextLength_KnownSmallWindow_SwapsToUndeclaredButNotToSmaller()
    {
        // Arrange
        using var harness = new RouterHarness();
        var smaller = FakeProvider.Answering("smaller", Manifest("smaller", 4_000));
        harness.Add(FakeProvider.Failing("first", OutcomeClass.ContextLength, manifest: Manifest("first", 8_000)))
            .Add(smaller)
            .Add(FakeProvider.Answering("unknown"));

        // Act
        var result = await harness.RouteAsync(["first", "smaller", "unknown"], new RoutingPolicy { SwapOn = [SwapReason.ContextLength] });

        // Assert
        Assert.Equal("unknown", result.Provider);
        Assert.Equal(0, smaller.Calls);
    }

    private static ProviderManifest Manifest(string model, int contextWindow) => new("fake", model, [Capabilities.Chat], contextWindow);
}
