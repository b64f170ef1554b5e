using System.Diagnostics;
using Pipelines.Connectors;
using Pipelines.Core.Definitions;
using Pipelines.Sandbox;
using Xunit.Abstractions;

namespace Pipelines.Routing.Tests;

/// <summary>The router against the sandbox over real HTTP: who received how many calls, read from the sandbox's own log.</summary>
public sealed class SandboxRoutingTests(SandboxFixture fixture, ITestOutputHelper output) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task RateLimit_RetryAfterWithinCap_PrimaryRetriedAfterTheWait_BackupUntouched()
    {
        // Arrange
        using var harness = Harness(out var primary, out var backup);
        await fixture.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Status, primary, Status: 429, RetryAfterSeconds: 2, Times: 1));

        // Act
        var result = await Route(harness, primary, backup);

        // Assert
        var primaryCalls = await fixture.Sandbox.CallsAsync(primary);
        Assert.Equal(primary, result.Provider);
        Assert.Equal(["Status", "ok"], primaryCalls.Select(c => c.Outcome));
        // Timers and the wall clock the sandbox logs with may differ by a millisecond or so.
        Assert.True(primaryCalls[1].At - primaryCalls[0].At >= TimeSpan.FromSeconds(1.95), $"retried after {primaryCalls[1].At - primaryCalls[0].At}");
        Assert.Empty(await fixture.Sandbox.CallsAsync(backup));
        Assert.Contains("retry 1 of 2", result.Attempts[0].Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RateLimit_RetryAfterBeyondCap_SwapsAtOnce_PrimaryLeftAloneForItsBreak()
    {
        // Arrange: 30 s is more than the 10 s the route waits out; the break is capped at 1 s (FastOptions)
        using var harness = Harness(out var primary, out var backup);
        await fixture.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Status, primary, Status: 429, RetryAfterSeconds: 30, Times: 1));
        var watch = Stopwatch.StartNew();

        // Act: calls inside the break, then one after it
        var during = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            during.Add((await Route(harness, primary, backup)).Provider);
        }

        var tookDuring = watch.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        var after = await Route(harness, primary, backup);

        // Assert
        Assert.Equal([backup, backup, backup], during);
        Assert.True(tookDuring < TimeSpan.FromSeconds(1), $"took {tookDuring}");
        Assert.Equal(["Status", "ok"], await fixture.OutcomesAsync(primary));
        Assert.Equal(primary, after.Provider);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task PersistentFailure_WithoutRetryAfter_PrimaryCalledUntilCircuitOpens_ThenNotAtAll(int status)
    {
        // Arrange
        using var harness = Harness(out var primary, out var backup);
        await fixture.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Status, primary, Status: status));

        // Act
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(backup, (await Route(harness, primary, backup)).Provider);
        }

        // Assert: the first request's call and its two retries are the three failures that open the circuit; the break (250 ms) has not passed
        Assert.Equal(3, (await fixture.Sandbox.CallsAsync(primary)).Count);
        Assert.Equal(8, (await fixture.Sandbox.CallsAsync(backup)).Count);
    }

    [Fact]
    public async Task SingleServerError_RetriedOnThePrimary_BackupNeverCalled()
    {
        // Arrange
        using var harness = Harness(out var primary, out var backup);
        await fixture.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Status, primary, Status: 500, Times: 1));

        // Act
        var providers = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            providers.Add((await Route(harness, primary, backup)).Provider);
        }

        // Assert
        Assert.Equal([primary, primary, primary, primary], providers);
        Assert.Equal(["Status", "ok", "ok", "ok", "ok"], await fixture.OutcomesAsync(primary));
        Assert.Empty(await fixture.Sandbox.CallsAsync(backup));
    }

    [Theory]
    [InlineData(FaultKind.Reset, OutcomeClass.Unavailable)]
    [InlineData(FaultKind.SlowFirstToken, OutcomeClass.Stalled)]
    [InlineData(FaultKind.Cut, OutcomeClass.Unavailable)]
    [InlineData(FaultKind.Stall, OutcomeClass.Stalled)]
    [InlineData(FaultKind.MalformedChunk, OutcomeClass.Unavailable)]
    [InlineData(FaultKind.NoDone, OutcomeClass.Unavailable)]
    public async Task TransportOrStreamFault_BeforeAnythingCommitted_SwapsToBackupWithFullAnswer(FaultKind fault, OutcomeClass expected)
    {
        // Arrange
        using var harness = Harness(out var primary, out var backup);
        await fixture.Sandbox.AddFaultAsync(new FaultRule(fault, primary, DelayMs: fault == FaultKind.SlowFirstToken ? 10_000 : 0));
        var watch = Stopwatch.StartNew();

        // Act
        var result = await Route(harness, primary, backup);

        // Assert
        Assert.Equal(backup, result.Provider);
        Assert.Equal(expected, result.Attempts[0].Outcome);
        Assert.Equal("stop", result.Response.Output!["finishReason"]!.ToString());
        Assert.Equal(expected == OutcomeClass.Unavailable ? 3 : 1, (await fixture.Sandbox.CallsAsync(primary)).Count); // unavailable is retried twice, a stall swaps at once
        Assert.Single(await fixture.Sandbox.CallsAsync(backup));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(8), $"took {watch.Elapsed}"); // well before the primary would answer
    }

    [Fact]
    public async Task NoResponseAtAll_TimesOutAndSwaps()
    {
        // Arrange: non-streaming (embed would be too), so only the provider's own timeout can end the wait
        var primary = SandboxFixture.Unique("primary");
        var backup = SandboxFixture.Unique("backup");
        using var harness = new RouterHarness(SandboxFixture.FastOptions(), TimeProvider.System);
        var silent = fixture.Provider(primary, timeoutSeconds: 1);
        harness.Add(silent with { Manifest = silent.Manifest with { Streaming = false } }).Add(fixture.Provider(backup));
        await fixture.Sandbox.AddFaultAsync(new FaultRule(FaultKind.NoResponse, primary));

        // Act
        var result = await Route(harness, primary, backup);

        // Assert
        Assert.Equal(backup, result.Provider);
        Assert.Equal(OutcomeClass.Timeout, result.Attempts[0].Outcome);
        Assert.InRange(result.Attempts[0].LatencyMs, 900, 3000);
    }

    [Fact]
    public async Task ContextLengthExceeded_SwapsOnlyToLargerWindow()
    {
        // Arrange
        var small = SandboxFixture.Unique("small");
        var sameSize = SandboxFixture.Unique("same");
        var large = SandboxFixture.Unique("large");
        using var harness = new RouterHarness(SandboxFixture.FastOptions(), TimeProvider.System);
        harness.Add(fixture.Provider(small, 8_192)).Add(fixture.Provider(sameSize, 8_192)).Add(fixture.Provider(large, 128_000));
        await fixture.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Status, small, Status: 400, Code: "context_length_exceeded"));
        var policy = new RoutingPolicy { SwapOn = [SwapReason.ContextLength] };

        // Act
        var result = await harness.Router.ExecuteAsync(RouterHarness.Chat([small, sameSize, large], policy), CancellationToken.None);

        // Assert
        Assert.Equal(large, result.Provider);
        Assert.Equal(OutcomeClass.ContextLength, result.Attempts[0].Outcome);
        Assert.Empty(await fixture.Sandbox.CallsAsync(sameSize));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ContentFilter_AsErrorAndAsFinishReason_SwapsOnlyWhenStepOptsIn(bool optIn)
    {
        foreach (var fault in new[] { new FaultRule(FaultKind.Status, Status: 400, Code: "content_policy_violation"), new FaultRule(FaultKind.ContentFilter) })
        {
            // Arrange
            using var harness = Harness(out var primary, out var backup);
            await fixture.Sandbox.AddFaultAsync(fault with { Model = primary });
            var policy = optIn ? new RoutingPolicy { SwapOn = [SwapReason.Unavailable, SwapReason.Filtered] } : null;

            // Act
            var request = RouterHarness.Chat([primary, backup], policy);

            // Assert
            if (optIn)
            {
                var result = await harness.Router.ExecuteAsync(request, CancellationToken.None);
                Assert.Equal(backup, result.Provider);
                Assert.Equal(OutcomeClass.Filtered, result.Attempts[0].Outcome);
            }
            else
            {
                Assert.Equal(OutcomeClass.Filtered, (await Assert.ThrowsAsync<StepExecutionException>(() => harness.Router.ExecuteAsync(request, CancellationToken.None))).Outcome);
                Assert.Empty(await fixture.Sandbox.CallsAsync(backup));
            }

            Assert.Equal(Health.CircuitState.Closed, CircuitStateOf(harness, primary));
        }
    }

    [Fact]
    public async Task PrimaryDownForAWhile_FallbackServes_PrimaryBackSoonAfterRecovery_WithFewProbes()
    {
        // Arrange
        using var harness = Harness(out var primary, out var backup);
        var outage = TimeSpan.FromSeconds(2);
        await fixture.Sandbox.AddFaultForAsync(new FaultRule(FaultKind.Status, primary, Status: 503), outage);
        var start = DateTimeOffset.UtcNow;
        var served = new List<(TimeSpan At, string Provider)>();

        // Act: a call every 50 ms for 4 s
        while (DateTimeOffset.UtcNow - start < TimeSpan.FromSeconds(4))
        {
            served.Add((DateTimeOffset.UtcNow - start, (await Route(harness, primary, backup)).Provider));
            await Task.Delay(50);
        }

        // Assert
        var primaryCalls = await fixture.Sandbox.CallsAsync(primary);
        var failedOnPrimary = primaryCalls.Count(c => c.Outcome != "ok");
        var firstBackOnPrimary = served.First(s => s.At > outage && s.Provider == primary).At;
        Assert.All(served.Where(s => s.At < outage - TimeSpan.FromMilliseconds(100)), s => Assert.Equal(backup, s.Provider));
        Assert.InRange(failedOnPrimary, 3, 3 + 6); // the opening failures plus one probe per break (250 ms, 500 ms, then 1 s each)
        Assert.True(firstBackOnPrimary - outage < TimeSpan.FromSeconds(2.5), $"back on primary {firstBackOnPrimary - outage} after recovery"); // break cap 1 s, plus a loaded machine
        Assert.All(served.Where(s => s.At > firstBackOnPrimary), s => Assert.Equal(primary, s.Provider));
    }

    [Fact]
    public async Task Residency_DisallowedProviderReceivesNothing_EvenWhenAllowedOnesFail()
    {
        // Arrange
        var eu1 = SandboxFixture.Unique("eu1");
        var eu2 = SandboxFixture.Unique("eu2");
        var us = SandboxFixture.Unique("us");
        using var harness = new RouterHarness(SandboxFixture.FastOptions(), TimeProvider.System);
        harness.Add(fixture.Provider(eu1, residency: "eu")).Add(fixture.Provider(us, residency: "us")).Add(fixture.Provider(eu2, residency: "eu"));
        await fixture.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Status, eu1, Status: 503));
        await fixture.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Status, eu2, Status: 503));
        var request = RouterHarness.Chat([eu1, us, eu2], constraints: new StepConstraints { Residency = ["eu"] });

        // Act
        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<StepExecutionException>(() => harness.Router.ExecuteAsync(request, CancellationToken.None));
        }

        // Assert
        Assert.Empty(await fixture.Sandbox.CallsAsync(us));
        Assert.Equal(3, (await fixture.Sandbox.CallsAsync(eu1)).Count);
    }

    [Theory]
    [InlineData(FaultKind.Cut, OutcomeClass.Unavailable)]
    [InlineData(FaultKind.Stall, OutcomeClass.Stalled)]
    [InlineData(FaultKind.NoDone, OutcomeClass.Unavailable)]
    public async Task StreamBreaksAfterTokensSent_NeverPassesForComplete_RescuedOrIncomplete(FaultKind fault, OutcomeClass expected)
    {
        // Arrange: the primary always breaks after its tokens. Once committed, the router continues the answer (the
        // primary once more, then the backup, each continuing the delivered text as a prefill); each provider gets at
        // most one continuation, so a provider that keeps breaking cannot loop. Before the commit it simply swaps.
        using var harness = Harness(out var primary, out var backup, SandboxFixture.FastOptions(timeToFirstToken: TimeSpan.FromSeconds(10)));
        await fixture.Sandbox.AddFaultAsync(new FaultRule(fault, primary, AfterTokens: 2));
        await using var answer = await harness.Router.OpenStreamAsync(RouterHarness.Chat([primary, backup]), CancellationToken.None);
        var received = new List<StreamChunk>();

        // Act
        StreamIncompleteException? failure = null;
        try
        {
            await foreach (var chunk in answer.ReadAllAsync())
            {
                received.Add(chunk);
            }
        }
        catch (StreamIncompleteException incomplete)
        {
            failure = incomplete;
        }

        // Assert: whole (ends with a finish reason, the backup having been asked) or typed incomplete, never a quiet end.
        Assert.NotEmpty(received);
        if (failure is null)
        {
            Assert.Equal("stop", received[^1].FinishReason?.ToLowerInvariant());
            Assert.NotEmpty(await fixture.Sandbox.CallsAsync(backup));
        }
        else
        {
            Assert.Equal(expected, failure.Outcome);
            Assert.All(received, c => Assert.Null(c.FinishReason));
        }

        // The first call, and one continuation (itself retried as the policy allows): bounded, never a loop.
        Assert.InRange((await fixture.Sandbox.CallsAsync(primary)).Count, 1, 4);
    }

    [Fact]
    public async Task StreamSlowFirstToken_SwapsBeforeCommit_AndStreamsBackupToTheEnd()
    {
        // Arrange
        using var harness = Harness(out var primary, out var backup);
        await fixture.Sandbox.AddFaultAsync(new FaultRule(FaultKind.SlowFirstToken, primary, DelayMs: 10_000));

        // Act
        await using var answer = await harness.Router.OpenStreamAsync(RouterHarness.Chat([primary, backup]), CancellationToken.None);
        var chunks = new List<StreamChunk>();
        await foreach (var chunk in answer.ReadAllAsync())
        {
            chunks.Add(chunk);
        }

        // Assert
        Assert.Equal(backup, answer.Provider);
        Assert.Equal(OutcomeClass.Stalled, Assert.Single(answer.AttemptsBefore).Outcome);
        Assert.Equal("stop", chunks[^1].FinishReason?.ToLowerInvariant());
    }

    [Fact]
    public async Task ContextLengthExceeded_UndeclaredWindows_SwapsToTheNextProvider()
    {
        // Arrange: neither provider declares a context window
        using var harness = Harness(out var primary, out var backup);
        await fixture.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Status, primary, Status: 400, Code: "context_length_exceeded"));
        var policy = new RoutingPolicy { SwapOn = [SwapReason.ContextLength] };

        // Act
        var result = await harness.Router.ExecuteAsync(RouterHarness.Chat([primary, backup], policy), CancellationToken.None);

        // Assert
        Assert.Equal(backup, result.Provider);
        Assert.Single(await fixture.Sandbox.CallsAsync(primary)); // not retried: the same prompt would not fit again
    }

    [Fact]
    public async Task PrimaryDownTwentySeconds_WithDefaults_EveryRequestServed_PrimaryBackWithin15s_FewerPrimaryCallsThanRequests()
    {
        // Arrange: the service's default breaker and retries; only real traffic probes (no active prober here)
        var outage = TimeSpan.FromSeconds(20);
        using var harness = Harness(out var primary, out var backup, new RoutingOptions());
        await fixture.Sandbox.AddFaultForAsync(new FaultRule(FaultKind.Status, primary, Status: 503), outage);
        var start = DateTimeOffset.UtcNow;
        var served = new List<(TimeSpan At, string Provider)>();

        // Act: a request every 250 ms through the outage and 15 s beyond
        while (DateTimeOffset.UtcNow - start < outage + TimeSpan.FromSeconds(15))
        {
            var sentAt = DateTimeOffset.UtcNow - start;
            served.Add((sentAt, (await Route(harness, primary, backup)).Provider));
            await Task.Delay(250);
        }

        // Assert
        var primaryCalls = await fixture.Sandbox.CallsAsync(primary);
        var requestsDuringOutage = served.Count(s => s.At < outage);
        var primaryCallsDuringOutage = primaryCalls.Count(c => c.At - start < outage);
        var backOnPrimary = served.FirstOrDefault(s => s.At > outage && s.Provider == primary).At - outage;
        output.WriteLine($"{requestsDuringOutage} requests during the outage, {primaryCallsDuringOutage} primary calls; primary back {backOnPrimary.TotalSeconds:0.0} s after recovery");
        Assert.True(requestsDuringOutage >= 40, $"only {requestsDuringOutage} requests during the outage");
        Assert.True(primaryCallsDuringOutage < requestsDuringOutage / 4, $"{primaryCallsDuringOutage} primary calls for {requestsDuringOutage} requests");
        Assert.InRange(backOnPrimary, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(15));
        Assert.All(served.Where(s => s.At > outage + backOnPrimary), s => Assert.Equal(primary, s.Provider));
    }

    [Fact]
    public async Task StreamServerErrorBeforeFirstToken_RetriedOnTheSameProvider_WhichStreamsTheAnswer()
    {
        // Arrange
        using var harness = Harness(out var primary, out var backup);
        await fixture.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Status, primary, Status: 503, Times: 1));

        // Act
        await using var answer = await harness.Router.OpenStreamAsync(RouterHarness.Chat([primary, backup]), CancellationToken.None);
        var chunks = await ReadAllAsync(answer);

        // Assert
        Assert.Equal(primary, answer.Provider);
        Assert.Contains("retry 1 of 2", Assert.Single(answer.AttemptsBefore).Error, StringComparison.Ordinal);
        Assert.Equal("stop", chunks[^1].FinishReason?.ToLowerInvariant());
        Assert.Empty(await fixture.Sandbox.CallsAsync(backup));
    }

    [Fact]
    public async Task StreamHedged_SlowFirstToken_BackupStartsAfterHedgeDelay_FirstTokenWins()
    {
        // Arrange: the primary's first token would take 5 s; the hedge starts the backup after 300 ms
        using var harness = Harness(out var primary, out var backup, SandboxFixture.FastOptions(timeToFirstToken: TimeSpan.FromSeconds(10)));
        await fixture.Sandbox.AddFaultAsync(new FaultRule(FaultKind.SlowFirstToken, primary, DelayMs: 5_000));
        var policy = new RoutingPolicy { Strategy = RoutingStrategy.Hedged, HedgeDelay = "300ms" };
        var watch = Stopwatch.StartNew();

        // Act
        await using var answer = await harness.Router.OpenStreamAsync(RouterHarness.Chat([primary, backup], policy), CancellationToken.None);
        var committedAfter = watch.Elapsed;
        var chunks = await ReadAllAsync(answer);

        // Assert
        var primaryCall = Assert.Single(await fixture.Sandbox.CallsAsync(primary));
        var backupCall = Assert.Single(await fixture.Sandbox.CallsAsync(backup));
        Assert.Equal(backup, answer.Provider);
        Assert.InRange(backupCall.At - primaryCall.At, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(3));
        Assert.True(committedAfter < TimeSpan.FromSeconds(4), $"committed after {committedAfter}");
        Assert.Equal("stop", chunks[^1].FinishReason?.ToLowerInvariant());
        var lost = Assert.Single(answer.AttemptsBefore);
        Assert.Equal((primary, OutcomeClass.Cancelled), (lost.Provider, lost.Outcome));
        Assert.Contains("another provider settled the call", lost.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamDeadline_NoFirstTokenInTime_TimesOutAtTheDeadline_NotAtTheFirstTokenLimit()
    {
        // Arrange: first tokens would take 10 s everywhere; the per-attempt limit is 5 s, the deadline 1 s
        using var harness = Harness(out var primary, out var backup);
        await fixture.Sandbox.AddFaultAsync(new FaultRule(FaultKind.SlowFirstToken, primary, DelayMs: 10_000));
        await fixture.Sandbox.AddFaultAsync(new FaultRule(FaultKind.SlowFirstToken, backup, DelayMs: 10_000));
        var policy = new RoutingPolicy { Deadline = "1s", FirstTokenTimeout = "5s" };
        var watch = Stopwatch.StartNew();

        // Act
        var failure = await Assert.ThrowsAsync<StepExecutionException>(() => harness.Router.OpenStreamAsync(RouterHarness.Chat([primary, backup], policy), CancellationToken.None));

        // Assert
        Assert.Equal(OutcomeClass.Timeout, failure.Outcome);
        Assert.Contains("deadline", failure.Message, StringComparison.Ordinal);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(3));
        Assert.Empty(await fixture.Sandbox.CallsAsync(backup));
    }

    [Fact]
    public async Task StreamRetryBudgetSpent_NoSwapBeforeFirstToken()
    {
        // Arrange: a budget that allows no retry at all
        using var harness = Harness(out var primary, out var backup, NoRetryBudget());
        await fixture.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Status, primary, Status: 503));

        // Act
        var failure = await Assert.ThrowsAsync<StepExecutionException>(() => harness.Router.OpenStreamAsync(RouterHarness.Chat([primary, backup]), CancellationToken.None));

        // Assert
        Assert.Single(await fixture.Sandbox.CallsAsync(primary));
        Assert.Empty(await fixture.Sandbox.CallsAsync(backup));
        Assert.Contains(failure.Attempts, a => a.Error!.Contains("retry budget", StringComparison.Ordinal));
    }

    private RouterHarness Harness(out string primary, out string backup, RoutingOptions? options = null)
    {
        primary = SandboxFixture.Unique("primary");
        backup = SandboxFixture.Unique("backup");
        var harness = new RouterHarness(options ?? SandboxFixture.FastOptions(), TimeProvider.System);
        harness.Add(fixture.Provider(primary)).Add(fixture.Provider(backup));
        return harness;
    }

    private static RoutingOptions NoRetryBudget()
    {
        var options = SandboxFixture.FastOptions();
        options.MinRetryConcurrency = 0;
        options.RetryBudgetRatio = 0;
        return options;
    }

    private static async Task<List<StreamChunk>> ReadAllAsync(StreamingAnswer answer)
    {
        var chunks = new List<StreamChunk>();
        await foreach (var chunk in answer.ReadAllAsync())
        {
            chunks.Add(chunk);
        }

        return chunks;
    }

    private static Task<RouteResult> Route(RouterHarness harness, string primary, string backup) =>
        harness.Router.ExecuteAsync(RouterHarness.Chat([primary, backup]), CancellationToken.None);

    private static Health.CircuitState CircuitStateOf(RouterHarness harness, string provider) => harness.Health.StateOf(provider, out _);
}
