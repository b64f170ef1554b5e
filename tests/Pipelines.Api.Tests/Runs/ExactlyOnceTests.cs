using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Pipelines.Api.Tests.Support;
using Pipelines.Engine.Runs.Messages;
using Pipelines.Testing;

namespace Pipelines.Api.Tests.Runs;

/// <summary>Whatever the bus delivers twice or at the same instant, each step is recorded once and each join runs once.</summary>
[Collection(ApiCollection.Name)]
public sealed class ExactlyOnceTests(ApiFixture api)
{
    private readonly HttpClient _admin = api.Admin();

    [Fact]
    public async Task SameStepResultDeliveredTwice_IsRecordedOnce()
    {
        // Arrange
        var id = TestDefinitions.NewId("dup");
        await _admin.PublishAsync($$$"""
            apiVersion: pipelines/v1
            kind: Pipeline
            id: {{{id}}}
            title: Duplicate results
            steps:
              first:
                uses: transform
                with: { v: original }
              hold:
                uses: approval
                needs: [first]
            outputs: {}
            """);
        var runId = (await _admin.StartRunAsync(id, wait: null)).GetProperty("id").GetString()!;
        await _admin.WaitForAsync(runId, r => r.Step("hold").Status() == "Waiting");
        var bus = api.Factory.Services.GetRequiredService<IBus>();
        var forged = new StepExecuted("default", runId, "first", 1, true, "{\"v\":\"forged\"}", null, null, 1, [], DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);

        // Act
        await bus.Publish(forged);
        await bus.Publish(forged);
        await Task.Delay(500);
        var run = await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}");
        var events = await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}/events");

        // Assert
        Assert.Equal("original", run.Step("first").GetProperty("output").GetProperty("v").GetString());
        Assert.Equal(1, events.EnumerateArray().Count(e => e.GetProperty("type").GetString() == "step_succeeded"));
    }

    [Fact]
    public async Task EightBranchesFinishingTogether_JoinBecomesReadyOnceWithEveryOutput()
    {
        // Arrange
        var id = TestDefinitions.NewId("fan");
        var branches = string.Join("\n", Enumerable.Range(1, 8).Select(i => $$$"""
              b{{{i}}}:
                uses: transform
                needs: [start]
                with: { v: "{{ steps.start.output.v }}-{{{i}}}" }
            """));
        var joined = string.Join(",", Enumerable.Range(1, 8).Select(i => $$$"""{{ steps.b{{{i}}}.output.v }}"""));
        await _admin.PublishAsync($$$"""
            apiVersion: pipelines/v1
            kind: Pipeline
            id: {{{id}}}
            title: Fan out and in
            steps:
              start:
                uses: transform
                with: { v: s }
            {{{branches}}}
              join:
                uses: transform
                needs: [b1, b2, b3, b4, b5, b6, b7, b8]
                with: { all: "{{{joined}}}" }
            outputs:
              all: "{{ steps.join.output.all }}"
            """);

        // Act
        var runs = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _admin.StartRunAsync(id)));

        // Assert
        foreach (var run in runs)
        {
            Assert.Equal("Succeeded", run.Status());
            Assert.Equal("s-1,s-2,s-3,s-4,s-5,s-6,s-7,s-8", run.GetProperty("outputs").GetProperty("all").GetString());
            var events = await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{run.GetProperty("id").GetString()}/events");
            var joinReady = events.EnumerateArray().Count(e =>
                e.GetProperty("type").GetString() == "step_ready" && e.GetProperty("data").GetProperty("stepId").GetString() == "join");
            Assert.Equal(1, joinReady);
        }
    }
}
