using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Pipelines.Api.Tests.Support;
using Pipelines.Routing.Health;
using Pipelines.Sandbox;

namespace Pipelines.Api.Tests.Gateway;

/// <summary>
/// Stream rescue after commit: a stream that breaks after its first tokens reached the client is continued on another
/// attempt, so the client receives one whole answer. Both sandbox models answer <see cref="Answer"/>; route chat-ha =
/// [gw-primary, gw-backup]; the fixture's stall limit is 2 s.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class GatewayRescueTests(ApiFixture api) : IAsyncLifetime
{
    private const string Answer = "alpha beta gamma delta epsilon";

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

    [Theory]
    [InlineData(FaultKind.Cut)]
    [InlineData(FaultKind.Stall)]
    [InlineData(FaultKind.MalformedChunk)]
    public async Task BrokenAfterTwoTokens_ContinuedWithPrefill_ClientGetsTheWholeAnswer(FaultKind fault)
    {
        // Arrange: the primary breaks once after "alpha beta", then answers normally; the backup answers the same. Which
        // one continues depends on the primary's health after the break (its circuit may open): both give the same answer.
        await api.Sandbox.AddFaultAsync(new FaultRule(fault, "gw-primary", AfterTokens: 2, Times: 1, Content: Answer));
        await api.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Reply, "gw-primary", Content: Answer));
        await api.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Reply, "gw-backup", Content: Answer));
        var before = (await api.Sandbox.CallsAsync()).Count;

        // Act
        var (text, events) = await StreamAsync("tell me");

        // Assert
        Assert.Equal(Answer, text);
        Assert.Equal("[DONE]", events[^1]);
        var calls = (await api.Sandbox.CallsAsync()).Skip(before).ToList();
        Assert.Equal(2, calls.Count);
        Assert.Equal("gw-primary", calls[0].Model);
        var continued = LastMessage(calls[1]);
        Assert.Equal("assistant", continued.GetProperty("role").GetString());
        Assert.Equal("alpha beta", continued.GetProperty("content").GetString());
    }

    [Fact]
    public async Task PrimaryCutThenDown_FallbackRefusesPrefill_ReaskedAndOnlyTheRestRelayed()
    {
        // Arrange
        await api.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Cut, "gw-primary", AfterTokens: 2, Times: 1, Content: Answer));
        await api.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Status, "gw-primary", Status: 503));
        await api.Sandbox.AddFaultAsync(new FaultRule(FaultKind.RefusePrefill, "gw-backup", Content: Answer));
        var before = (await api.Sandbox.CallsAsync("gw-backup")).Count;

        // Act
        var (text, events) = await StreamAsync("tell me");

        // Assert
        Assert.Equal(Answer, text);
        Assert.Equal("[DONE]", events[^1]);
        var calls = (await api.Sandbox.CallsAsync("gw-backup")).Skip(before).ToList();
        Assert.Equal(2, calls.Count);
        Assert.Equal("assistant", LastMessage(calls[0]).GetProperty("role").GetString());
        Assert.Equal("user", LastMessage(calls[1]).GetProperty("role").GetString());
    }

    [Fact]
    public async Task EveryProviderBreaks_StreamEndsWithIncompleteErrorAndNoDone()
    {
        // Arrange
        await api.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Cut, "gw-primary", AfterTokens: 2, Times: 1, Content: Answer));
        await api.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Status, "gw-primary", Status: 503));
        await api.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Status, "gw-backup", Status: 503));

        // Act
        var (text, events) = await StreamAsync("tell me");

        // Assert
        Assert.Equal("alpha beta", text);
        Assert.DoesNotContain("[DONE]", events);
        Assert.Equal("stream_incomplete", JsonDocument.Parse(events[^1]).RootElement.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task FinishAndUsageWithoutDone_IsAWholeAnswer_NoRetry()
    {
        // Arrange
        await api.Sandbox.AddFaultAsync(new FaultRule(FaultKind.FinishWithoutDone, "gw-primary", Times: 1, Content: Answer));
        var before = (await api.Sandbox.CallsAsync("gw-primary")).Count;

        // Act
        var (text, events) = await StreamAsync("tell me");

        // Assert
        Assert.Equal(Answer, text);
        Assert.Equal("[DONE]", events[^1]);
        Assert.Single((await api.Sandbox.CallsAsync("gw-primary")).Skip(before));
    }

    private static JsonElement LastMessage(SandboxCall call)
    {
        var messages = JsonDocument.Parse(call.Body!).RootElement.GetProperty("messages");
        return messages[messages.GetArrayLength() - 1];
    }

    private async Task<(string Text, List<string> Events)> StreamAsync(string prompt)
    {
        var client = api.Anonymous();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", api.AdminKey);
        var response = await client.PostAsJsonAsync("/v1/chat/completions", new { model = "chat-ha", stream = true, messages = new[] { new { role = "user", content = prompt } } });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStringAsync();
        var events = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => e.Trim())
            .Where(e => e.StartsWith("data: ", StringComparison.Ordinal)).Select(e => e[6..]).ToList();
        var text = string.Concat(events.Where(e => e != "[DONE]").Select(e => JsonDocument.Parse(e).RootElement)
            .Where(e => e.TryGetProperty("choices", out var c) && c.GetArrayLength() > 0)
            .Select(e => e.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var t) ? t.GetString() : ""));
        return (text, events);
    }
}
