using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pipelines.Api.Tests.Support;
using Pipelines.Sandbox;

namespace Pipelines.Api.Tests.Gateway;

/// <summary>
/// The failover methodology's fault classes through the gateway, each on a fresh route of two fresh tenant providers
/// on the sandbox (so no health carries over between tests): what each provider received, from the sandbox's call log,
/// and a whole answer (text, usage, the answering model) wherever a healthy fallback exists. Stream cut, stall,
/// malformed chunk, a finish without [DONE] and a fallback refusing prefill are in <see cref="GatewayRescueTests"/>.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class GatewayFaultMatrixTests(ApiFixture api)
{
    private static readonly string[] SwapOnAvailability = ["unavailable", "rate_limited", "timeout", "stalled", "context_length"];

    [Fact]
    public async Task RateLimited_WithRetryAfter_PrimaryRetriedAfterTheWait_BackupUntouched()
    {
        // Arrange
        var route = await RouteAsync();
        await api.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Status, route.Primary, Status: 429, RetryAfterSeconds: 1, Times: 1));

        // Act
        var answer = await ChatAsync(route);

        // Assert
        AssertWhole(answer, route.Primary);
        var calls = await api.Sandbox.CallsAsync(route.Primary);
        Assert.Equal(2, calls.Count);
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromMilliseconds(900), $"retried after {(calls[1].At - calls[0].At).TotalMilliseconds} ms");
        Assert.Empty(await api.Sandbox.CallsAsync(route.Backup));
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    public async Task SingleFailure_RetriedOnThePrimary_BackupUntouched(int status)
    {
        // Arrange
        var route = await RouteAsync();
        await api.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Status, route.Primary, Status: status, Times: 1));

        // Act
        var answer = await ChatAsync(route);

        // Assert
        AssertWhole(answer, route.Primary);
        Assert.Equal(2, (await api.Sandbox.CallsAsync(route.Primary)).Count);
        Assert.Empty(await api.Sandbox.CallsAsync(route.Backup));
    }

    [Theory]
    [InlineData(FaultKind.Status, 503, null, 3)]
    [InlineData(FaultKind.Reset, null, null, 3)]
    [InlineData(FaultKind.Status, 400, "context_length_exceeded", 1)]
    public async Task PersistentFailure_BackupAnswers_WithUsageAndItsOwnModel(FaultKind kind, int? status, string? code, int primaryCalls)
    {
        // Arrange
        var route = await RouteAsync();
        await api.Sandbox.AddFaultAsync(new FaultRule(kind, route.Primary, Status: status, Code: code));

        // Act
        var answer = await ChatAsync(route);

        // Assert: the primary gets its retries (none for context length, which only a larger window can fix), then the backup answers.
        AssertWhole(answer, route.Backup);
        Assert.Equal(primaryCalls, (await api.Sandbox.CallsAsync(route.Primary)).Count);
        Assert.Single(await api.Sandbox.CallsAsync(route.Backup));
    }

    [Fact]
    public async Task NoResponse_Streamed_SwapsAtTheFirstTokenLimit_BackupStreamsTheWholeAnswer()
    {
        // Arrange
        var route = await RouteAsync();
        await api.Sandbox.AddFaultAsync(new FaultRule(FaultKind.NoResponse, route.Primary));

        // Act
        var response = await Bearer().PostAsJsonAsync("/v1/chat/completions", new
        {
            model = route.Name, stream = true, stream_options = new { include_usage = true }, messages = new[] { new { role = "user", content = "hello" } },
        });
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.Trim()[6..]).ToList();

        // Assert
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e).RootElement).ToList();
        Assert.Equal($"[{route.Backup}] hello", string.Concat(chunks.Where(c => c.GetProperty("choices").GetArrayLength() > 0)
            .Select(c => c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var t) ? t.GetString() : "")));
        Assert.True(chunks[^1].GetProperty("usage").GetProperty("total_tokens").GetInt32() > 0);
        Assert.Equal(route.Backup, response.Headers.GetValues("X-Pipelines-Provider").Single().Replace("p-", "m-", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ContentFilter_CleanErrorUnlessTheRouteSwapsOnFiltered(bool swapOnFiltered)
    {
        // Arrange
        var route = await RouteAsync(swapOnFiltered ? [.. SwapOnAvailability, "filtered"] : SwapOnAvailability);
        await api.Sandbox.AddFaultAsync(new FaultRule(FaultKind.ContentFilter, route.Primary));

        // Act
        var response = await Bearer().PostAsJsonAsync("/v1/chat/completions", new { model = route.Name, messages = new[] { new { role = "user", content = "hello" } } });

        // Assert
        if (swapOnFiltered)
        {
            AssertWhole(await response.Content.ReadFromJsonAsync<JsonElement>(), route.Backup);
        }
        else
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("content_filter", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
            Assert.Empty(await api.Sandbox.CallsAsync(route.Backup));
        }
    }

    [Fact]
    public async Task CommitBuffer_StreamBreaksAndCannotBeContinued_PlainErrorStatus_NothingStreamed()
    {
        // Arrange: the primary breaks after two tokens and is then down; so is the backup.
        var route = await RouteAsync(commit: "buffer");
        await api.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Cut, route.Primary, AfterTokens: 2, Times: 1));
        await api.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Status, route.Primary, Status: 503));
        await api.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Status, route.Backup, Status: 503));

        // Act
        var response = await Bearer().PostAsJsonAsync("/v1/chat/completions", new { model = route.Name, stream = true, messages = new[] { new { role = "user", content = "hello" } } });

        // Assert
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task CommitBuffer_StreamBreaksOnce_WholeAnswerSentAtTheEnd()
    {
        // Arrange
        var route = await RouteAsync(commit: "buffer");
        await api.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Cut, route.Primary, AfterTokens: 1, Times: 1));

        // Act
        var response = await Bearer().PostAsJsonAsync("/v1/chat/completions", new { model = route.Name, stream = true, messages = new[] { new { role = "user", content = "hello" } } });
        var events = (await response.Content.ReadAsStringAsync()).Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e.Trim()[6..]).ToList();

        // Assert
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("[DONE]", events[^1]);
        Assert.Equal($"[{route.Primary}] hello", string.Concat(events[..^1].Select(e => JsonDocument.Parse(e).RootElement)
            .Where(c => c.GetProperty("choices").GetArrayLength() > 0)
            .Select(c => c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var t) ? t.GetString() : "")));
    }

    private static void AssertWhole(JsonElement answer, string model)
    {
        Assert.Equal(model, answer.GetProperty("model").GetString());
        Assert.Equal($"[{model}] hello", answer.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.True(answer.GetProperty("usage").GetProperty("total_tokens").GetInt32() > 0);
    }

    private async Task<JsonElement> ChatAsync(TestRoute route)
    {
        var response = await Bearer().PostAsJsonAsync("/v1/chat/completions", new { model = route.Name, messages = new[] { new { role = "user", content = "hello" } } });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Two new providers (ids p-x, models m-x) and a route over them, for this test alone.</summary>
    private async Task<TestRoute> RouteAsync(string[]? swapOn = null, string commit = "stream")
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var admin = api.Admin();
        foreach (var role in new[] { "a", "b" })
        {
            (await admin.PostAsJsonAsync("/api/v1/providers", new
            {
                id = $"p-{role}{suffix}", connector = "openai", endpoint = api.Sandbox.OpenAiEndpoint.ToString(), model = $"m-{role}{suffix}",
                options = new { timeoutSeconds = 5 },
            })).EnsureSuccessStatusCode();
        }

        var name = $"r-{suffix}";
        (await admin.PostAsJsonAsync("/api/v1/routes", new
        {
            name, providers = new[] { $"p-a{suffix}", $"p-b{suffix}" }, policy = new { strategy = "ordered", swapOn = swapOn ?? SwapOnAvailability, commit },
        })).EnsureSuccessStatusCode();
        return new TestRoute(name, $"m-a{suffix}", $"m-b{suffix}");
    }

    private HttpClient Bearer()
    {
        var client = api.Anonymous();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", api.AdminKey);
        return client;
    }

    /// <summary>A route and the sandbox models of its two providers.</summary>
    private sealed record TestRoute(string Name, string Primary, string Backup);
}
