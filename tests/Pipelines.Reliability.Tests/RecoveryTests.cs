using System.Diagnostics;
using System.Text.Json;
using Pipelines.Sandbox;
using Pipelines.Testing;
using Xunit.Abstractions;

namespace Pipelines.Reliability.Tests;

/// <summary>
/// A step whose process died is dispatched again within seconds (its holder stopped heartbeating), not after its
/// lease (5 min 30 s for these steps).
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class RecoveryTests(ReliabilityFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task KillSingleInMemoryProcessMidRun_RestartedProcessFinishesItsRunsWithinTenSeconds()
    {
        // Arrange
        await fixture.Sandbox.ClearFaultsAsync();
        var service = await fixture.StartSingleInMemoryAsync();
        var client = fixture.Client(service);
        var id = TestDefinitions.NewId("mem");
        await client.PublishAsync(CrashTests.SlowChain(id));
        await fixture.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Latency, Model: ReliabilityFixture.SlowModel, DelayMs: 1500));
        var runIds = await RunBatch.StartAsync(client, id, 6);
        await RunBatch.WaitUntilAsync(async () => (await fixture.Sandbox.CallsAsync()).Count > 0, TimeSpan.FromSeconds(30));

        // Act
        await service.KillAsync();
        await service.DisposeAsync();
        await using var restarted = await fixture.StartSingleInMemoryAsync();
        var sinceRestart = Stopwatch.StartNew();
        using var restartedClient = fixture.Client(restarted);
        var finished = await RunBatch.WaitAsync(restartedClient, runIds, TimeSpan.FromSeconds(60));
        var took = sinceRestart.Elapsed;
        output.WriteLine($"all runs ended {took.TotalSeconds:0.0} s after the restarted process was ready");

        // Assert
        Assert.All(finished, run => Assert.Equal("Succeeded", run.Status()));
        Assert.True(took < Recovery, $"the runs ended {took} after the restart");
        await RunBatch.AssertEachStepRecordedOnceAsync(restartedClient, runIds, "ask", "shape");
    }

    [Fact]
    public async Task ThreeWorkersCompete_OneKilledMidBatch_EveryRunCompletesOnce_ItsStepsRestartWithinTenSeconds()
    {
        // Arrange
        await fixture.Sandbox.ClearFaultsAsync();
        await using var api = await fixture.StartAsync("api");
        var workers = new List<ServiceProcess>();
        for (var i = 0; i < 3; i++)
        {
            workers.Add(await fixture.StartAsync("worker"));
        }

        using var client = fixture.Client(api);
        var id = TestDefinitions.NewId("compete");
        await client.PublishAsync(CrashTests.SlowChain(id));
        await fixture.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Latency, Model: ReliabilityFixture.SlowModel, DelayMs: 1500));
        var runIds = await RunBatch.StartAsync(client, id, 60);
        await RunBatch.WaitUntilAsync(async () => (await fixture.Sandbox.CallsAsync()).Count >= 10, TimeSpan.FromSeconds(30));

        // Act
        var killedAt = DateTimeOffset.UtcNow;
        await workers[0].KillAsync();
        var finished = await RunBatch.WaitAsync(client, runIds, TimeSpan.FromSeconds(120));

        // Assert
        Assert.All(finished, run => Assert.Equal("Succeeded", run.Status()));
        await RunBatch.AssertEachStepRecordedOnceAsync(client, runIds, "ask", "shape");
        var restarts = new List<TimeSpan>();
        foreach (var runId in runIds)
        {
            var events = await RunBatch.EventsAsync(client, runId);
            // A step dispatched again ran to its end on a surviving worker; it started (again) this long after the kill.
            restarts.AddRange(
                from redispatched in events.Where(e => Type(e) == "step_ready" && e.GetProperty("data").GetProperty("dispatch").GetInt32() > 1)
                let stepId = StepOf(redispatched)
                from succeeded in events.Where(e => Type(e) == "step_succeeded" && StepOf(e) == stepId)
                select succeeded.GetProperty("data").GetProperty("startedAt").GetDateTimeOffset() - killedAt);
        }

        output.WriteLine($"{restarts.Count} steps of the killed worker restarted after {string.Join(", ", restarts.Select(r => $"{r.TotalSeconds:0.0} s"))}");
        Assert.NotEmpty(restarts);
        Assert.All(restarts, restart => Assert.True(restart < Recovery, $"a step restarted {restart} after the kill"));
        foreach (var worker in workers)
        {
            await worker.DisposeAsync();
        }
    }

    private static string? Type(JsonElement e) => e.GetProperty("type").GetString();

    private static string? StepOf(JsonElement e) => e.GetProperty("data").GetProperty("stepId").GetString();
}
