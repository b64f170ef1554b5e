using System.Net;
using System.Net.Http.Headers;
using Pipelines.Api.Tests.Support;
using Pipelines.Testing;

namespace Pipelines.Api.Tests.Hardening;

/// <summary>What one run may ask of the service: foreach items, output size and live event streams are bounded.</summary>
[Collection(ApiCollection.Name)]
public sealed class RunLimitsTests(ApiFixture api)
{
    private readonly HttpClient _admin = api.Admin();

    private async Task<string> PublishFanOutAsync()
    {
        var id = TestDefinitions.NewId("fan");
        await _admin.PublishAsync($$$"""
            apiVersion: pipelines/v1
            kind: Pipeline
            id: {{{id}}}
            title: Fan out
            inputs:
              items: { type: array }
            steps:
              each:
                uses: foreach
                items: "{{ inputs.items }}"
                step:
                  uses: transform
                  with: { v: "{{ item }}" }
            """);
        return id;
    }

    [Fact]
    public async Task Foreach_MoreItemsThanAllowed_FailsTheStepNamingTheLimit()
    {
        // Arrange
        var id = await PublishFanOutAsync();

        // Act
        var run = await _admin.StartRunAsync(id, new { items = Enumerable.Range(0, ApiFixture.MaxForeachItems + 1).ToArray() });

        // Assert
        Assert.Equal("Failed", run.Status());
        Assert.Contains("MaxForeachItems", run.Step("each").GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Step_OutputLargerThanAllowed_FailsTheStepNamingTheLimit_WhileASmallerOneSucceeds()
    {
        // Arrange: 60 items of 10,000 characters make about 600 KB of output.
        var id = await PublishFanOutAsync();
        var item = new string('x', 10_000);

        // Act
        var large = await _admin.StartRunAsync(id, new { items = Enumerable.Repeat(item, 60).ToArray() });
        var small = await _admin.StartRunAsync(id, new { items = Enumerable.Repeat(item, 10).ToArray() });

        // Assert
        Assert.Equal("Failed", large.Status());
        Assert.Contains("MaxOutputBytes", large.Step("each").GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("Succeeded", small.Status());
    }

    [Fact]
    public async Task LiveEvents_MoreStreamsThanTheTenantMayHold_Returns429_AndASlotFreesWhenOneCloses()
    {
        // Arrange: a run that waits, followed live up to the limit.
        var id = TestDefinitions.NewId("live");
        await _admin.PublishAsync($$$"""
            apiVersion: pipelines/v1
            kind: Pipeline
            id: {{{id}}}
            title: Waits
            steps:
              review:
                uses: approval
                with: { prompt: "Go?" }
            """);
        var runId = (await _admin.StartRunAsync(id, wait: null)).GetProperty("id").GetString()!;
        var streams = new List<HttpResponseMessage>();
        for (var i = 0; i < ApiFixture.MaxLiveStreamsPerTenant; i++)
        {
            streams.Add(await FollowAsync(runId));
        }

        // Act
        var oneTooMany = await FollowAsync(runId);
        streams[0].Dispose();
        var afterClose = await FollowAsync(runId);
        for (var attempt = 0; afterClose.StatusCode == HttpStatusCode.TooManyRequests && attempt < 50; attempt++)
        {
            await Task.Delay(100);
            afterClose = await FollowAsync(runId);
        }


        // Assert
        Assert.All(streams.Skip(1), s => Assert.Equal(HttpStatusCode.OK, s.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, oneTooMany.StatusCode);
        Assert.NotNull(oneTooMany.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, afterClose.StatusCode);
        afterClose.Dispose();
        streams.ForEach(s => s.Dispose());
    }

    private async Task<HttpResponseMessage> FollowAsync(string runId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/runs/{runId}/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return await api.Admin().SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }
}
