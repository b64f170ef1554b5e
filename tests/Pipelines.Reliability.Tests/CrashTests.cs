using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Pipelines.Sandbox;
using Pipelines.Testing;

namespace Pipelines.Reliability.Tests;

/// <summary>
/// The service keeps its promises across crashes: separate API and worker processes on RabbitMQ and PostgreSQL,
/// killed with SIGKILL or cut off from the broker mid-run.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class CrashTests(ReliabilityFixture fixture)
{
    private const int Runs = 6;

    internal static string SlowChain(string id) => $$$"""
        apiVersion: pipelines/v1
        kind: Pipeline
        id: {{{id}}}
        title: Slow chain
        inputs:
          n: { type: integer }
        steps:
          ask:
            uses: chat
            providers: [sandbox-slow]
            with: { prompt: "run {{ inputs.n }}" }
          shape:
            uses: transform
            needs: [ask]
            with: { answer: "{{ steps.ask.output.text }}" }
        outputs:
          answer: "{{ steps.shape.output.answer }}"
        """;

    [Fact]
    public async Task KillWorkerMidStep_RunsCompleteWhenAWorkerComesBack_NoStepRecordedTwice()
    {
        // Arrange
        await fixture.Sandbox.ClearFaultsAsync();
        await using var api = await fixture.StartAsync("api");
        var worker = await fixture.StartAsync("worker");
        var client = fixture.Client(api);
        var id = TestDefinitions.NewId("kill");
        await client.PublishAsync(SlowChain(id));
        await fixture.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Latency, Model: ReliabilityFixture.SlowModel, DelayMs: 1500));
        var runIds = await StartRunsAsync(client, id);
        await RunBatch.WaitUntilAsync(async () => (await fixture.Sandbox.CallsAsync()).Count > 0, TimeSpan.FromSeconds(30));

        // Act
        await worker.KillAsync();
        await using var replacement = await fixture.StartAsync("worker");
        var finished = await WaitForRunsAsync(client, runIds, TimeSpan.FromSeconds(120));

        // Assert
        Assert.All(finished, run => Assert.Equal("Succeeded", run.Status()));
        await RunBatch.AssertEachStepRecordedOnceAsync(client, runIds, "ask", "shape");
    }

    [Fact]
    public async Task KillApiMidRun_RestartedApiFinishesRuns_EventsIntact()
    {
        // Arrange
        await fixture.Sandbox.ClearFaultsAsync();
        var api = await fixture.StartAsync("api");
        await using var worker = await fixture.StartAsync("worker");
        var client = fixture.Client(api);
        var id = TestDefinitions.NewId("api");
        await client.PublishAsync(SlowChain(id));
        await fixture.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Latency, Model: ReliabilityFixture.SlowModel, DelayMs: 1500));
        var runIds = await StartRunsAsync(client, id);

        // Act
        await api.KillAsync();
        await using var restarted = await fixture.StartAsync("api");
        var restartedClient = fixture.Client(restarted);
        var finished = await WaitForRunsAsync(restartedClient, runIds, TimeSpan.FromSeconds(120));

        // Assert
        Assert.All(finished, run => Assert.Equal("Succeeded", run.Status()));
        foreach (var runId in runIds)
        {
            var events = await restartedClient.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}/events");
            var sequence = events.EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()).ToList();
            Assert.Equal(Enumerable.Range(1, sequence.Count).Select(i => (long)i), sequence);
            var types = events.EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
            Assert.Equal(1, types.Count(t => t == "run_started"));
            Assert.Equal(1, types.Count(t => t == "run_succeeded"));
        }

        await RunBatch.AssertEachStepRecordedOnceAsync(restartedClient, runIds, "ask", "shape");
    }

    [Fact]
    public async Task RestartRabbitMqDuringABatch_AllRunsComplete()
    {
        // Arrange
        await fixture.Sandbox.ClearFaultsAsync();
        var rabbitCtl = Environment.GetEnvironmentVariable("PIPELINES_TEST_RABBITMQCTL");
        Assert.False(string.IsNullOrEmpty(rabbitCtl), "PIPELINES_TEST_RABBITMQCTL is not set; run the suite with deploy/local/test.sh.");
        await using var api = await fixture.StartAsync("api");
        await using var worker = await fixture.StartAsync("worker");
        var client = fixture.Client(api);
        var id = TestDefinitions.NewId("rmq");
        await client.PublishAsync(SlowChain(id));
        await fixture.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Latency, Model: ReliabilityFixture.SlowModel, DelayMs: 1000));
        var runIds = await StartRunsAsync(client, id);

        // Act
        await ShellAsync($"{rabbitCtl} stop_app");
        await Task.Delay(TimeSpan.FromSeconds(2));
        await ShellAsync($"{rabbitCtl} start_app");
        var finished = await WaitForRunsAsync(client, runIds, TimeSpan.FromSeconds(180));

        // Assert
        Assert.All(finished, run => Assert.Equal("Succeeded", run.Status()));
        await RunBatch.AssertEachStepRecordedOnceAsync(client, runIds, "ask", "shape");
    }

    private static Task<List<string>> StartRunsAsync(HttpClient client, string pipelineId) => RunBatch.StartAsync(client, pipelineId, Runs);

    private static Task<List<JsonElement>> WaitForRunsAsync(HttpClient client, IEnumerable<string> runIds, TimeSpan limit) =>
        RunBatch.WaitAsync(client, runIds, limit);

    private static async Task ShellAsync(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"'{command}' failed: {await process.StandardError.ReadToEndAsync()}");
    }
}
