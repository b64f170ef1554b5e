using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using Pipelines.Api.Tests.Support;
using Pipelines.Routing.Health;
using Pipelines.Sandbox;

namespace Pipelines.Api.Tests.Gateway;

/// <summary>The OpenAI-compatible gateway: route chat-ha = [gw-primary, gw-backup] on the sandbox; embed-local = [local-minilm].</summary>
[Collection(ApiCollection.Name)]
public sealed class GatewayTests(ApiFixture api) : IAsyncLifetime
{
    private static readonly string[] EmbedTexts = ["the cat sat", "stock prices fell"];

    /// <summary>Each test starts from healthy providers: no faults left, circuits closed (failures add up across tests otherwise).</summary>
    public async Task InitializeAsync()
    {
        var health = api.Factory.Services.GetRequiredService<HealthRegistry>();
        foreach (var provider in new[] { "gw-primary", "gw-backup" })
        {
            await api.Sandbox.ClearFaultsAsync(provider);
            health.Apply(new CircuitSignal(provider, CircuitState.Closed, null, 0, null));
        }
    }

    public Task DisposeAsync() => InitializeAsync();

    [Fact]
    public async Task Chat_PrimaryFailsWithItsRetries_BackupAnswers_HeadersAndBodyNameIt()
    {
        // Arrange: the primary fails every call, so its retries (two by default, fewer if its circuit opens) fail too
        await api.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Status, "gw-primary", Status: 503));
        var before = (await api.Sandbox.CallsAsync("gw-primary")).Count;

        // Act
        var response = await Bearer().PostAsJsonAsync("/v1/chat/completions", Chat("hello"));

        // Assert
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("gw-backup", body.GetProperty("model").GetString());
        Assert.Equal("[gw-backup] hello", body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.True(body.GetProperty("usage").GetProperty("total_tokens").GetInt32() > 0);
        Assert.Equal("gw-backup", response.Headers.GetValues("X-Pipelines-Provider").Single());
        Assert.InRange(int.Parse(response.Headers.GetValues("X-Pipelines-Attempts").Single(), System.Globalization.CultureInfo.InvariantCulture), 2, 4);
        Assert.Equal("gw-primary>gw-backup (unavailable)", response.Headers.GetValues("X-Pipelines-Swaps").Single());
        Assert.InRange((await api.Sandbox.CallsAsync("gw-primary")).Count - before, 1, 3);
    }

    [Fact]
    public async Task OfficialOpenAiClient_OnlyBaseUrlChanged_GetsHotSwap()
    {
        // Arrange
        await api.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Status, "gw-primary", Status: 429));
        var client = new OpenAIClient(new ApiKeyCredential(api.AdminKey), new OpenAIClientOptions
        {
            Endpoint = new Uri(api.Factory.Server.BaseAddress, "/v1"),
            Transport = new HttpClientPipelineTransport(api.Factory.CreateClient()),
        });

        // Act
        var completion = await client.GetChatClient("chat-ha").CompleteChatAsync("hi there");

        // Assert
        Assert.Equal("[gw-backup] hi there", completion.Value.Content[0].Text);
        Assert.Equal("gw-backup", completion.Value.Model);
    }

    [Fact]
    public async Task Stream_SlowFirstTokenOnPrimary_SwapsBeforeCommit_EndsWithDone()
    {
        // Arrange
        await api.Sandbox.AddFaultAsync(new FaultRule(FaultKind.SlowFirstToken, "gw-primary", DelayMs: 10_000, Times: 1));

        // Act
        var response = await Bearer().PostAsJsonAsync("/v1/chat/completions", Chat("streamed answer", stream: true));
        var events = await EventsAsync(response);

        // Assert
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("gw-primary>gw-backup (stalled)", response.Headers.GetValues("X-Pipelines-Swaps").Single());
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e).RootElement).ToList();
        Assert.Equal("[gw-backup] streamed answer", string.Concat(chunks.Select(c => c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var t) ? t.GetString() : "")));
        Assert.Equal("stop", chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task Embeddings_OverLocalRoute_ReturnsRealVectorsInOrder()
    {
        // Act
        var response = await Bearer().PostAsJsonAsync("/v1/embeddings", new { model = "embed-local", input = EmbedTexts });

        // Assert
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var data = body.GetProperty("data");
        Assert.Equal(2, data.GetArrayLength());
        Assert.Equal(1, data[1].GetProperty("index").GetInt32());
        Assert.Equal(384, data[0].GetProperty("embedding").GetArrayLength());
        Assert.Equal("all-MiniLM-L6-v2", body.GetProperty("model").GetString());
    }

    [Fact]
    public async Task AllProvidersDown_503ProblemWithOpenAiErrorObject()
    {
        // Arrange
        await api.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Status, "gw-primary", Status: 500));
        await api.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Status, "gw-backup", Status: 503));

        // Act
        var response = await Bearer().PostAsJsonAsync("/v1/chat/completions", Chat("hello"));

        // Assert
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("unavailable", body.GetProperty("error").GetProperty("code").GetString());
        Assert.InRange(int.Parse(response.Headers.GetValues("X-Pipelines-Attempts").Single(), System.Globalization.CultureInfo.InvariantCulture), 2, 6); // each with up to two retries
    }

    [Theory]
    [InlineData(429, null, HttpStatusCode.TooManyRequests, "rate_limited")]
    [InlineData(503, null, HttpStatusCode.ServiceUnavailable, "unavailable")]
    [InlineData(401, null, HttpStatusCode.BadGateway, "provider_auth")]
    [InlineData(400, null, HttpStatusCode.BadRequest, "invalid_request")]
    [InlineData(400, "context_length_exceeded", HttpStatusCode.BadRequest, "context_length_exceeded")]
    [InlineData(400, "content_policy_violation", HttpStatusCode.BadRequest, "content_filter")]
    public async Task EveryProviderFailsWithAClass_StatusAndCodeNameIt(int upstream, string? code, HttpStatusCode expected, string expectedCode)
    {
        // Arrange
        foreach (var provider in new[] { "gw-primary", "gw-backup" })
        {
            await api.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Status, provider, Status: upstream, Code: code)); // every call, retries included
        }

        // Act
        var response = await Bearer().PostAsJsonAsync("/v1/chat/completions", Chat("hello"));

        // Assert
        Assert.Equal(expected, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(expectedCode, body.GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("""{"model":"no-such-route","messages":[{"role":"user","content":"x"}]}""", "model")]
    [InlineData("""{"model":"chat-ha","messages":[]}""", "messages")]
    [InlineData("""{"model":"chat-ha","messages":[{"content":"x"}]}""", "messages[0].role")]
    public async Task BadRequest_400ProblemNamingTheField(string json, string field)
    {
        // Act
        var response = await Bearer().PostAsync("/v1/chat/completions", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith($"{field}:", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task NoKey_401()
    {
        // Act
        var response = await api.Anonymous().PostAsJsonAsync("/v1/chat/completions", Chat("hello"));

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ProviderHealth_AfterAFailure_ShowsItAndTheCircuit()
    {
        // Arrange
        await api.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Status, "gw-primary", Status: 502, Times: 1));
        await Bearer().PostAsJsonAsync("/v1/chat/completions", Chat("hello"));

        // Act
        var health = await api.Admin().GetFromJsonAsync<JsonElement>("/api/v1/providers/gw-primary/health");
        var missing = await api.Admin().GetAsync("/api/v1/providers/nope/health");

        // Assert
        Assert.Equal("closed", health.GetProperty("circuit").GetProperty("state").GetString());
        Assert.Contains(health.GetProperty("recentFailures").EnumerateArray(), f => f.GetProperty("outcome").GetString() == "Unavailable");
        Assert.InRange(health.GetProperty("score").GetDouble(), 0, 1);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private HttpClient Bearer()
    {
        var client = api.Anonymous();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", api.AdminKey);
        return client;
    }

    private static object Chat(string text, bool stream = false) =>
        new { model = "chat-ha", stream, messages = new[] { new { role = "user", content = text } } };

    private static async Task<List<string>> EventsAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return [.. text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e.Trim()).Where(e => e.StartsWith("data: ", StringComparison.Ordinal)).Select(e => e[6..])];
    }
}
