using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pipelines.Api.Auth;
using Pipelines.Api.Tests.Support;
using Pipelines.Testing;

namespace Pipelines.Api.Tests.Runs;

[Collection(ApiCollection.Name)]
public sealed class RunApiTests(ApiFixture api)
{
    private readonly HttpClient _admin = api.Admin();

    private static string Transform(string id) => $$$"""
        apiVersion: pipelines/v1
        kind: Pipeline
        id: {{{id}}}
        title: Transform chain
        inputs:
          name: { type: string, maxLength: 20 }
          count: { type: integer, minimum: 1, maximum: 5, default: 2 }
        steps:
          greet:
            uses: transform
            with: { text: "Hello {{ inputs.name }}" }
          shout:
            uses: transform
            needs: [greet]
            with: { text: "{{ steps.greet.output.text | upper }}" }
        outputs:
          greeting: "{{ steps.shout.output.text }}"
        """;

    [Fact]
    public async Task Start_WithWait_RunsToTheEndAndReturnsOutputs()
    {
        // Arrange
        var id = TestDefinitions.NewId("run");
        await _admin.PublishAsync(Transform(id));

        // Act
        var response = await _admin.StartAsync(id, new { name = "Ada" });
        var run = await response.Content.ReadFromJsonAsync<JsonElement>();

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Succeeded", run.Status());
        Assert.Equal("HELLO ADA", run.GetProperty("outputs").GetProperty("greeting").GetString());
        Assert.Equal(2, run.GetProperty("inputs").GetProperty("count").GetInt32());
        Assert.All(run.GetProperty("steps").EnumerateArray(), s => Assert.Equal("Succeeded", s.Status()));
    }

    [Fact]
    public async Task Start_WithoutWait_Returns202WithLocation()
    {
        // Arrange
        var id = TestDefinitions.NewId("run");
        await _admin.PublishAsync(Transform(id));

        // Act
        var response = await _admin.StartAsync(id, new { name = "Ada" }, wait: null);
        var runId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var finished = await _admin.WaitForAsync(runId, r => r.Status() != "Running");

        // Assert
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal($"/api/v1/runs/{runId}", response.Headers.Location?.ToString());
        Assert.Equal("Succeeded", finished.Status());
    }

    [Fact]
    public async Task Start_SameIdempotencyKeyTwice_ReturnsTheSameRun()
    {
        // Arrange
        var id = TestDefinitions.NewId("run");
        await _admin.PublishAsync(Transform(id));

        // Act
        var first = await (await _admin.StartAsync(id, new { name = "Ada" }, idempotencyKey: "order-42")).Content.ReadFromJsonAsync<JsonElement>();
        var second = await (await _admin.StartAsync(id, new { name = "Ada" }, idempotencyKey: "order-42")).Content.ReadFromJsonAsync<JsonElement>();
        var runs = await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/runs?pipelineId={id}");

        // Assert
        Assert.Equal(first.GetProperty("id").GetString(), second.GetProperty("id").GetString());
        Assert.Equal(1, runs.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Start_InvalidInputs_Returns422WithEveryFieldPath()
    {
        // Arrange
        var id = TestDefinitions.NewId("run");
        await _admin.PublishAsync(Transform(id));

        // Act
        var response = await _admin.StartAsync(id, new { name = new string('x', 30), count = 9, extra = true });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        // Assert
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var pointers = problem.GetProperty("diagnostics").EnumerateArray().Select(d => d.GetProperty("pointer").GetString()).ToList();
        Assert.Contains("/inputs/name", pointers);
        Assert.Contains("/inputs/count", pointers);
        Assert.Contains("/inputs/extra", pointers);
    }

    [Fact]
    public async Task Start_UnknownOrUnpublishedOrArchivedPipeline_Returns404Or409()
    {
        // Arrange
        var draftOnly = TestDefinitions.NewId("run");
        await _admin.PostYamlAsync("/api/v1/pipelines", Transform(draftOnly));
        var archived = TestDefinitions.NewId("run");
        await _admin.PublishAsync(Transform(archived));
        await _admin.DeleteAsync($"/api/v1/pipelines/{archived}");

        // Act
        var unknown = await _admin.StartAsync("no-such-pipeline");
        var unpublished = await _admin.StartAsync(draftOnly, new { name = "x" });
        var ofArchived = await _admin.StartAsync(archived, new { name = "x" });

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, unpublished.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, ofArchived.StatusCode);
    }

    [Fact]
    public async Task Run_IfFalse_SkipsStepAndStepsThatOnlyNeedIt_ButJoinWithARealBranchRuns()
    {
        // Arrange
        var id = TestDefinitions.NewId("skip");
        await _admin.PublishAsync($$$"""
            apiVersion: pipelines/v1
            kind: Pipeline
            id: {{{id}}}
            title: Skips
            inputs:
              go: { type: boolean }
            steps:
              gate:
                uses: transform
                if: "{{ inputs.go }}"
                with: { v: gated }
              after-gate:
                uses: transform
                needs: [gate]
                with: { v: "{{ steps.gate.output.v }}" }
              other:
                uses: transform
                with: { v: other }
              join:
                uses: transform
                needs: [after-gate, other]
                with: { v: "{{ steps.other.output.v }}" }
            outputs:
              result: "{{ steps.join.output.v }}"
            """);

        // Act
        var run = await _admin.StartRunAsync(id, new { go = false });

        // Assert
        Assert.Equal("Succeeded", run.Status());
        Assert.Equal("Skipped", run.Step("gate").Status());
        Assert.Equal("Skipped", run.Step("after-gate").Status());
        Assert.Equal("Succeeded", run.Step("join").Status());
        Assert.Equal("other", run.GetProperty("outputs").GetProperty("result").GetString());
    }

    [Fact]
    public async Task Run_FailingStep_FailsRunNamingTheStep_AndRetriesOnlyRetryableOutcomes()
    {
        // Arrange
        var id = TestDefinitions.NewId("fail");
        await _admin.PublishAsync($$$"""
            apiVersion: pipelines/v1
            kind: Pipeline
            id: {{{id}}}
            title: Fails
            steps:
              flaky:
                uses: probe
                providers: [probe]
                retries: 2
                with: { mode: flaky, failTimes: 2, value: ok }
              broken:
                uses: probe
                providers: [probe]
                needs: [flaky]
                retries: 3
                with: { mode: fail, outcome: InvalidRequest }
            outputs: {}
            """);

        // Act
        var run = await _admin.StartRunAsync(id);
        var runId = run.GetProperty("id").GetString()!;

        // Assert
        Assert.Equal("Failed", run.Status());
        Assert.Equal("broken", run.GetProperty("failedStep").GetString());
        Assert.Equal("Succeeded", run.Step("flaky").Status());
        Assert.Equal(3, api.Probe.CallsOf(runId, "flaky"));
        Assert.Equal(1, api.Probe.CallsOf(runId, "broken"));
    }

    [Fact]
    public async Task Run_Approval_WaitsForSignal_ThenContinues()
    {
        // Arrange
        var id = TestDefinitions.NewId("appr");
        await _admin.PublishAsync($$$"""
            apiVersion: pipelines/v1
            kind: Pipeline
            id: {{{id}}}
            title: Approval
            steps:
              review:
                uses: approval
                with: { prompt: "Ship it?" }
              ship:
                uses: transform
                needs: [review]
                if: "{{ steps.review.output.approved }}"
                with: { by: "{{ steps.review.output.by }}" }
            outputs:
              shipped: "{{ steps.ship.output.by }}"
            """);
        var started = await _admin.StartRunAsync(id, wait: null);
        var runId = started.GetProperty("id").GetString()!;

        // Act
        var waiting = await _admin.WaitForAsync(runId, r => r.Step("review").Status() == "Waiting");
        var wrongSignal = await _admin.PostAsJsonAsync($"/api/v1/runs/{runId}/signals/nope", new { approved = true });
        var signal = await _admin.PostAsJsonAsync($"/api/v1/runs/{runId}/signals/review", new { approved = true, comment = "lgtm" });
        var finished = await _admin.WaitForAsync(runId, r => r.Status() != "Running");

        // Assert
        Assert.Equal("Running", waiting.Status());
        Assert.Equal(HttpStatusCode.Conflict, wrongSignal.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signal.StatusCode);
        Assert.Equal("Succeeded", finished.Status());
        Assert.Equal("Succeeded", finished.Step("ship").Status());
    }

    [Fact]
    public async Task Cancel_RunningRun_StopsTheStepInFlight()
    {
        // Arrange
        var id = TestDefinitions.NewId("cncl");
        await _admin.PublishAsync($$$"""
            apiVersion: pipelines/v1
            kind: Pipeline
            id: {{{id}}}
            title: Hangs
            steps:
              hang:
                uses: probe
                providers: [probe]
                with: { mode: hang }
            outputs: {}
            """);
        var runId = (await _admin.StartRunAsync(id, wait: null)).GetProperty("id").GetString()!;
        await _admin.WaitForAsync(runId, _ => api.Probe.CallsOf(runId, "hang") > 0);

        // Act
        var cancel = await _admin.PostAsJsonAsync($"/api/v1/runs/{runId}/cancel", new { reason = "test" });
        var run = await _admin.WaitForAsync(runId, r => r.Status() != "Running");
        await _admin.WaitForAsync(runId, _ => api.Probe.WasCancelled(runId, "hang"), timeoutSeconds: 10);

        // Assert
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal("Cancelled", run.Status());
        Assert.True(api.Probe.WasCancelled(runId, "hang"));
    }

    [Fact]
    public async Task Run_StepTimeout_RecordsTimeoutOnEveryAttempt()
    {
        // Arrange
        var id = TestDefinitions.NewId("tout");
        await _admin.PublishAsync($$$"""
            apiVersion: pipelines/v1
            kind: Pipeline
            id: {{{id}}}
            title: Times out
            steps:
              slow:
                uses: probe
                providers: [probe]
                timeout: 200ms
                retries: 1
                with: { mode: hang }
            outputs: {}
            """);

        // Act
        var run = await _admin.StartRunAsync(id);

        // Assert
        Assert.Equal("Failed", run.Status());
        Assert.Equal("Timeout", run.Step("slow").GetProperty("outcome").GetString());
        Assert.Equal(2, run.Step("slow").GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task Events_AsJsonAndAsServerSentEvents_TellTheWholeTimeline()
    {
        // Arrange
        var id = TestDefinitions.NewId("evts");
        await _admin.PublishAsync(Transform(id));
        var runId = (await (await _admin.StartAsync(id, new { name = "Ada" }, wait: null)).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("id").GetString()!;

        // Act
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/runs/{runId}/events");
        request.Headers.Accept.ParseAdd("text/event-stream");
        var stream = await _admin.SendAsync(request);
        var sse = await stream.Content.ReadAsStringAsync();
        var json = await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}/events");

        // Assert
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        Assert.Contains("event: run_started", sse, StringComparison.Ordinal);
        Assert.Contains("event: run_succeeded", sse, StringComparison.Ordinal);
        var types = json.EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal("run_started", types[0]);
        Assert.Equal("run_succeeded", types[^1]);
        Assert.Equal(2, types.Count(t => t == "step_succeeded"));
    }

    [Fact]
    public async Task Run_PrimaryProviderDown_SwapsToBackupAndRecordsWhy()
    {
        // Arrange
        var id = TestDefinitions.NewId("swap");
        await _admin.PublishAsync($$$"""
            apiVersion: pipelines/v1
            kind: Pipeline
            id: {{{id}}}
            title: Swap
            steps:
              ask:
                uses: chat
                providers: [sandbox-primary, sandbox-backup]
                policy: { retries: 0 }
                with: { prompt: "swap test {{{id}}}" }
            outputs:
              answer: "{{ steps.ask.output.text }}"
            """);
        await api.Sandbox.AddFaultAsync(new Pipelines.Sandbox.FaultRule(Pipelines.Sandbox.FaultKind.Status, Model: "primary", Status: 503, Times: 1));

        // Act
        var run = await _admin.StartRunAsync(id);

        // Assert
        Assert.Equal("Succeeded", run.Status());
        Assert.Equal($"[backup] swap test {id}", run.GetProperty("outputs").GetProperty("answer").GetString());
        var swap = Assert.Single(run.Step("ask").GetProperty("swaps").EnumerateArray());
        Assert.Equal("sandbox-primary", swap.GetProperty("from").GetString());
        Assert.Equal("sandbox-backup", swap.GetProperty("to").GetString());
        Assert.StartsWith("Unavailable", swap.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_RefusalSwapsOnlyByPolicy_AndStallMidAnswerSwapsBeforeAnythingIsKept()
    {
        // Arrange: the pipeline's defaults opt in to swapping on refusals; the second step's primary stalls mid-stream
        var id = TestDefinitions.NewId("policy");
        await _admin.PublishAsync($$$"""
            apiVersion: pipelines/v1
            kind: Pipeline
            id: {{{id}}}
            title: Policy
            defaults:
              policy: { swapOn: [unavailable, timeout, rate_limited, stalled, filtered] }
            steps:
              first:
                uses: chat
                providers: [sandbox-primary, sandbox-backup]
                with: { prompt: "first {{{id}}}" }
              second:
                uses: chat
                needs: [first]
                providers: [sandbox-primary, sandbox-backup]
                with: { prompt: "second {{{id}}}" }
            outputs:
              answer: "{{ steps.second.output.text }}"
            """);
        await api.Sandbox.AddFaultAsync(new Pipelines.Sandbox.FaultRule(Pipelines.Sandbox.FaultKind.ContentFilter, Model: "primary", Times: 1));
        await api.Sandbox.AddFaultAsync(new Pipelines.Sandbox.FaultRule(Pipelines.Sandbox.FaultKind.Stall, Model: "primary", AfterTokens: 1, Times: 1));

        // Act
        var run = await _admin.StartRunAsync(id);

        // Assert
        Assert.Equal("Succeeded", run.Status());
        Assert.Equal($"[backup] second {id}", run.GetProperty("outputs").GetProperty("answer").GetString());
        Assert.StartsWith("Filtered", Assert.Single(run.Step("first").GetProperty("swaps").EnumerateArray()).GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Stalled", Assert.Single(run.Step("second").GetProperty("swaps").EnumerateArray()).GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_StepTimeoutCutsAProviderCall_FailsAsTimeout_AndTheCallIsRecordedUnderTheProvider()
    {
        // Arrange: the primary never answers; the step's timeout is shorter than the router's first-token limit
        var id = TestDefinitions.NewId("cutoff");
        await _admin.PublishAsync($$$"""
            apiVersion: pipelines/v1
            kind: Pipeline
            id: {{{id}}}
            title: Cut off
            steps:
              ask:
                uses: chat
                providers: [sandbox-primary]
                timeout: 500ms
                with: { prompt: "cut off {{{id}}}" }
            """);
        await api.Sandbox.AddFaultAsync(new Pipelines.Sandbox.FaultRule(Pipelines.Sandbox.FaultKind.NoResponse, Model: "primary", Times: 1));

        // Act
        var run = await _admin.StartRunAsync(id);

        // Assert
        Assert.Equal("Failed", run.Status());
        var call = Assert.Single(run.Step("ask").GetProperty("calls").EnumerateArray());
        Assert.Equal("sandbox-primary", call.GetProperty("provider").GetString());
        Assert.Equal("Cancelled", call.GetProperty("outcome").GetString());
        Assert.Contains("timeout of 0.5 s", run.Step("ask").GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_AsViewer_Returns403_GetRunOfOtherTenant_Returns404()
    {
        // Arrange
        var id = TestDefinitions.NewId("run");
        await _admin.PublishAsync(Transform(id));
        var runId = (await _admin.StartRunAsync(id, new { name = "Ada" })).GetProperty("id").GetString();
        var viewer = api.WithKey(await api.CreateKeyAsync(Role.Viewer));
        var stranger = api.WithKey(await api.CreateKeyAsync(Role.Admin, tenant: "stranger-co"));

        // Act
        var start = await viewer.StartAsync(id, new { name = "x" });
        var read = await stranger.GetAsync($"/api/v1/runs/{runId}");

        // Assert
        Assert.Equal(HttpStatusCode.Forbidden, start.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task Run_ClassifyOnLocalModel_PicksTheLabelOffline()
    {
        // Arrange
        var id = TestDefinitions.NewId("cls");
        await _admin.PublishAsync($$$"""
            apiVersion: pipelines/v1
            kind: Pipeline
            id: {{{id}}}
            title: Classify locally
            inputs:
              text: { type: string }
            steps:
              topic:
                uses: classify
                providers: [local-minilm]
                with:
                  text: "{{ inputs.text }}"
                  labels: [billing, shipping, login]
            outputs:
              topic: "{{ steps.topic.output.label }}"
            """);

        // Act
        var run = await _admin.StartRunAsync(id, new { text = "I was charged twice on my invoice this month" });

        // Assert
        Assert.Equal("Succeeded", run.Status());
        Assert.Equal("billing", run.GetProperty("outputs").GetProperty("topic").GetString());
        Assert.Equal("local-minilm", Assert.Single(run.Step("topic").GetProperty("calls").EnumerateArray()).GetProperty("provider").GetString());
    }
}
