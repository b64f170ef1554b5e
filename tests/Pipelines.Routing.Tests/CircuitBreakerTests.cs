using Pipelines.Connectors;
using Pipelines.Routing.Health;

namespace Pipelines.Routing.Tests;

public sealed class CircuitBreakerTests
{
    private const string Key = "p";

    [Fact]
    public void ConsecutiveFailures_ReachThreshold_OpenCircuitAndRefuseCalls()
    {
        // Arrange
        using var harness = new RouterHarness(new RoutingOptions { ConsecutiveFailuresToOpen = 3 });

        // Act
        Fail(harness, 2);
        var beforeThreshold = harness.Health.Admit(Key);
        Fail(harness, 1);
        var afterThreshold = harness.Health.Admit(Key);

        // Assert
        Assert.True(beforeThreshold.Allowed);
        Assert.False(afterThreshold.Allowed);
        Assert.Contains("3 consecutive failures", afterThreshold.Reason);
    }

    [Fact]
    public void BreakOver_AdmitsBoundedProbes_SuccessClosesCircuit()
    {
        // Arrange
        using var harness = new RouterHarness(new RoutingOptions { ConsecutiveFailuresToOpen = 1, BreakTime = TimeSpan.FromSeconds(5), HalfOpenProbes = 1 });
        Fail(harness, 1);

        // Act
        harness.Clock.Advance(TimeSpan.FromSeconds(5));
        var probe = harness.Health.Admit(Key);
        var secondWhileProbing = harness.Health.Admit(Key);
        harness.Health.Record(Key, new Observation("chat", OutcomeClass.Ok, 10, Probe: true));

        // Assert
        Assert.True(probe is { Allowed: true, Probe: true });
        Assert.False(secondWhileProbing.Allowed);
        Assert.Equal(CircuitState.Closed, harness.Health.StateOf(Key, out _));
        Assert.True(harness.Health.Admit(Key) is { Allowed: true, Probe: false });
    }

    [Fact]
    public void FailedProbe_ReopensWithDoubledBreak_UpToCap()
    {
        // Arrange
        using var harness = new RouterHarness(new RoutingOptions
        {
            ConsecutiveFailuresToOpen = 1, BreakTime = TimeSpan.FromSeconds(5), MaxBreakTime = TimeSpan.FromSeconds(12),
        });
        Fail(harness, 1);
        var breaks = new List<TimeSpan>();

        // Act: three failed probes in a row
        for (var i = 0; i < 3; i++)
        {
            harness.Health.StateOf(Key, out var retryAt);
            breaks.Add(retryAt!.Value - harness.Clock.GetUtcNow());
            harness.Clock.Advance(retryAt.Value - harness.Clock.GetUtcNow());
            Assert.True(harness.Health.Admit(Key).Probe);
            harness.Health.Record(Key, new Observation("chat", OutcomeClass.Unavailable, 10, Probe: true));
        }

        // Assert: 5 s, 10 s, then capped at 12 s
        Assert.Equal([TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(12)], breaks);
    }

    [Fact]
    public void RetryAfter_OpensForExactlyTheAskedCooldown()
    {
        // Arrange
        using var harness = new RouterHarness();

        // Act
        harness.Health.Record(Key, new Observation("chat", OutcomeClass.RateLimited, 10, RetryAfter: TimeSpan.FromSeconds(7)));
        harness.Clock.Advance(TimeSpan.FromSeconds(6.9));
        var justBefore = harness.Health.Admit(Key);
        harness.Clock.Advance(TimeSpan.FromSeconds(0.1));
        var atCooldownEnd = harness.Health.Admit(Key);

        // Assert
        Assert.False(justBefore.Allowed);
        Assert.True(atCooldownEnd is { Allowed: true, Probe: true });
    }

    [Fact]
    public void RetryAfter_LongerThanMaxBreak_ProbedAfterMaxBreak()
    {
        // Arrange: the provider asks for a minute; a recovered provider must not wait that long for traffic
        using var harness = new RouterHarness();

        // Act
        harness.Health.Record(Key, new Observation("chat", OutcomeClass.RateLimited, 10, RetryAfter: TimeSpan.FromSeconds(60)));
        harness.Clock.Advance(TimeSpan.FromSeconds(9.9));
        var justBefore = harness.Health.Admit(Key);
        harness.Clock.Advance(TimeSpan.FromSeconds(0.1));
        var atMaxBreak = harness.Health.Admit(Key);

        // Assert: 10 s is the default MaxBreakTime
        Assert.False(justBefore.Allowed);
        Assert.True(atMaxBreak is { Allowed: true, Probe: true });
    }

    [Fact]
    public void LongOutage_WithDefaults_ProbesAtLeastEveryTenSeconds_AndOneSuccessCloses()
    {
        // Arrange: a minute of failed probes, each reopening with a longer break
        using var harness = new RouterHarness();
        Fail(harness, new RoutingOptions().ConsecutiveFailuresToOpen);
        var gaps = new List<TimeSpan>();
        var lastProbe = harness.Clock.GetUtcNow();

        // Act: a call every 250 ms for a minute; each admitted probe fails
        var calls = 0;
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromMinutes(1); elapsed += TimeSpan.FromMilliseconds(250))
        {
            harness.Clock.Advance(TimeSpan.FromMilliseconds(250));
            if (harness.Health.Admit(Key) is { Allowed: true, Probe: true })
            {
                calls++;
                gaps.Add(harness.Clock.GetUtcNow() - lastProbe);
                lastProbe = harness.Clock.GetUtcNow();
                harness.Health.Record(Key, new Observation("chat", OutcomeClass.Unavailable, 10, Probe: true));
            }
        }

        harness.Clock.Advance(TimeSpan.FromSeconds(10));
        var recovered = harness.Health.Admit(Key);
        harness.Health.Record(Key, new Observation("chat", OutcomeClass.Ok, 10, Probe: true));

        // Assert: the breaks grew (5 s, then 10 s) but never past the 10 s cap; 240 calls cost the provider 6 probes
        Assert.Equal(TimeSpan.FromSeconds(5), gaps[0]);
        Assert.All(gaps, gap => Assert.True(gap <= TimeSpan.FromSeconds(10), $"gap {gap}"));
        Assert.InRange(calls, 5, 7);
        Assert.True(recovered.Probe);
        Assert.Equal(CircuitState.Closed, harness.Health.StateOf(Key, out _));
    }

    [Fact]
    public void FailureRatio_OverMinimumCalls_OpensWithoutConsecutiveRun()
    {
        // Arrange: alternate success and failure so no run of consecutive failures builds up
        using var harness = new RouterHarness(new RoutingOptions { ConsecutiveFailuresToOpen = 100, MinimumCalls = 10, FailureRatioToOpen = 0.5 });

        // Act
        for (var i = 0; i < 5; i++)
        {
            harness.Health.Record(Key, new Observation("chat", OutcomeClass.Ok, 10));
            harness.Health.Record(Key, new Observation("chat", OutcomeClass.Unavailable, 10));
        }

        // Assert
        Assert.Equal(CircuitState.Open, harness.Health.StateOf(Key, out _));
        Assert.Contains("failure ratio", harness.Health.Snapshot(Key).Circuit.Reason);
    }

    [Fact]
    public void OwnSideAndRefusals_NeverCountAsProviderFailures()
    {
        // Arrange
        using var harness = new RouterHarness(new RoutingOptions { ConsecutiveFailuresToOpen = 2 });

        // Act
        foreach (var outcome in new[] { OutcomeClass.Cancelled, OutcomeClass.InvalidRequest, OutcomeClass.Filtered, OutcomeClass.Filtered })
        {
            harness.Health.Record(Key, new Observation("chat", outcome, 10));
        }

        // Assert
        var snapshot = harness.Health.Snapshot(Key);
        Assert.Equal(CircuitState.Closed, snapshot.Circuit.State);
        Assert.Equal(1, snapshot.Score, 3);
        Assert.Equal(2, snapshot.Capabilities[0].Refusals, 3);
        Assert.Equal(2, snapshot.Capabilities[0].OwnSideFailures, 3);
    }

    [Fact]
    public void Outlier_AmongHealthyPeers_IsEjected_ButPanicThresholdKeepsMajority()
    {
        // Arrange: five peers; four succeed always, one fails one call in three
        using var harness = new RouterHarness(new RoutingOptions { ConsecutiveFailuresToOpen = 100, FailureRatioToOpen = 0.9, MinimumCalls = 10, MaxEjectedShare = 0.5 });
        var peers = new[] { "a", "b", "c", "d" };

        // Act
        for (var i = 0; i < 12; i++)
        {
            foreach (var peer in peers)
            {
                harness.Health.Record(peer, new Observation("chat", OutcomeClass.Ok, 10));
            }

            harness.Health.Record("bad", new Observation("chat", i % 3 == 0 ? OutcomeClass.Unavailable : OutcomeClass.Ok, 10));
        }

        // Assert
        Assert.Equal(CircuitState.Open, harness.Health.StateOf("bad", out _));
        Assert.Contains("outlier", harness.Health.Snapshot("bad").Circuit.Reason);
        Assert.All(peers, p => Assert.Equal(CircuitState.Closed, harness.Health.StateOf(p, out _)));
    }

    [Fact]
    public void PeerSignal_OpensHereUntilPeersRetryTime()
    {
        // Arrange
        using var harness = new RouterHarness();
        var retryAt = harness.Clock.GetUtcNow().AddSeconds(4);

        // Act
        harness.Health.Apply(new CircuitSignal(Key, CircuitState.Open, retryAt, 1, "found down by another worker"));
        var during = harness.Health.Admit(Key);
        harness.Clock.Advance(TimeSpan.FromSeconds(4));
        var after = harness.Health.Admit(Key);

        // Assert
        Assert.False(during.Allowed);
        Assert.True(after.Probe);
    }

    [Fact]
    public void Score_RecoversAsFailuresAge()
    {
        // Arrange
        using var harness = new RouterHarness(new RoutingOptions { ConsecutiveFailuresToOpen = 100, MinimumCalls = 1000, HealthHalfLife = TimeSpan.FromSeconds(10) });
        for (var i = 0; i < 4; i++)
        {
            harness.Health.Record(Key, new Observation("chat", OutcomeClass.Unavailable, 10));
        }

        harness.Health.Record(Key, new Observation("chat", OutcomeClass.Ok, 10));
        var fresh = harness.Health.Score(Key, "chat");

        // Act
        harness.Clock.Advance(TimeSpan.FromSeconds(60));
        harness.Health.Record(Key, new Observation("chat", OutcomeClass.Ok, 10));
        var later = harness.Health.Score(Key, "chat");

        // Assert
        Assert.True(fresh < 0.5, $"fresh score {fresh}");
        Assert.True(later > 0.9, $"later score {later}");
    }

    private static void Fail(RouterHarness harness, int times)
    {
        for (var i = 0; i < times; i++)
        {
            harness.Health.Record(Key, new Observation("chat", OutcomeClass.Unavailable, 10, Error: "HTTP 503"));
        }
    }
}
