using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Pipelines.Api.Tests.Support;
using Pipelines.Testing;

namespace Pipelines.Api.Tests.Hardening;

/// <summary>An approval fails closed: only an explicit JSON boolean decides, and only true approves.</summary>
[Collection(ApiCollection.Name)]
public sealed class ApprovalDecisionTests(ApiFixture api)
{
    private readonly HttpClient _admin = api.Admin();

    private async Task<string> WaitingRunAsync()
    {
        var id = TestDefinitions.NewId("gate");
        await _admin.PublishAsync($$$"""
            apiVersion: pipelines/v1
            kind: Pipeline
            id: {{{id}}}
            title: Gate
            steps:
              review:
                uses: approval
                with: { prompt: "Ship it?" }
              ship:
                uses: transform
                needs: [review]
                if: "{{ steps.review.output.approved }}"
                with: { shipped: true }
            """);
        var runId = (await _admin.StartRunAsync(id, wait: null)).GetProperty("id").GetString()!;
        await _admin.WaitForAsync(runId, r => r.Step("review").Status() == "Waiting");
        return runId;
    }

    [Fact]
    public async Task Signal_WithoutABooleanDecision_IsRefused_AndTheStepKeepsWaiting()
    {
        // Arrange
        var runId = await WaitingRunAsync();
        var bodies = new[] { "", "{}", """{"approved":"false"}""", """{"approved":"true"}""", """{"approved":0}""", """{"approved":1}""", """{"approved":null}""", """{"approved":{}}""", "null", "0" };

        // Act
        var statuses = new List<(string Body, HttpStatusCode Status, string? Field)>();
        foreach (var body in bodies)
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            var response = await _admin.PostAsync($"/api/v1/runs/{runId}/signals/review", content);
            var problem = await response.Content.ReadAsStringAsync();
            statuses.Add((body, response.StatusCode, problem.Contains("approved", StringComparison.Ordinal) ? "approved" : null));
        }

        var run = await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}");

        // Assert
        Assert.All(statuses, s => Assert.True(s.Status is HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest, $"{s.Body} → {s.Status}"));
        Assert.All(statuses.Where(s => s.Body is "" or "{}" or "null" || s.Body.Contains("approved", StringComparison.Ordinal)), s =>
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, s.Status);
            Assert.Equal("approved", s.Field);
        });
        Assert.Equal("Waiting", run.Step("review").Status());
    }

    [Fact]
    public async Task Signal_ExplicitFalse_Rejects_AndTheGuardedStepIsSkipped()
    {
        // Arrange
        var runId = await WaitingRunAsync();

        // Act
        var response = await _admin.PostAsJsonAsync($"/api/v1/runs/{runId}/signals/review", new { approved = false });
        var run = await _admin.WaitForAsync(runId, r => r.Status() != "Running");

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Skipped", run.Step("ship").Status());
    }
}
