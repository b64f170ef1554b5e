using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Pipelines.Testing;

namespace Pipelines.Reliability.Tests;

/// <summary>Starting a batch of runs, waiting for them, and checking each step was recorded once: shared by the crash scenarios.</summary>
public static class RunBatch
{
    public static async Task<List<string>> StartAsync(HttpClient client, string pipelineId, int count)
    {
        var ids = new List<string>();
        for (var n = 0; n < count; n++)
        {
            var run = await client.StartRunAsync(pipelineId, new { n }, wait: null);
            ids.Add(run.GetProperty("id").GetString()!);
        }

        return ids;
    }

    public static async Task<List<JsonElement>> WaitAsync(HttpClient client, IEnumerable<string> runIds, TimeSpan limit)
    {
        var until = Stopwatch.StartNew();
        var results = new List<JsonElement>();
        foreach (var runId in runIds)
        {
            var left = Math.Max(1, (int)(limit - until.Elapsed).TotalSeconds);
            results.Add(await client.WaitForAsync(runId, r => r.Status() != "Running", left));
        }

        return results;
    }

    public static async Task<List<JsonElement>> EventsAsync(HttpClient client, string runId) =>
        [.. (await client.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}/events")).EnumerateArray()];

    public static async Task AssertEachStepRecordedOnceAsync(HttpClient client, IEnumerable<string> runIds, params string[] steps)
    {
        foreach (var runId in runIds)
        {
            var events = await EventsAsync(client, runId);
            foreach (var step in steps)
            {
                var recorded = events.Count(e =>
                    e.GetProperty("type").GetString() is "step_succeeded" or "step_failed"
                    && e.GetProperty("data").GetProperty("stepId").GetString() == step);
                Assert.True(recorded == 1, $"run {runId} recorded step {step} {recorded} times");
            }
        }
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(watch.Elapsed < limit, "The condition was not met in time.");
            await Task.Delay(50);
        }
    }
}
