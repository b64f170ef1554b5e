using System.Net.Http.Json;
using System.Text;
using Pipelines.Sandbox;
using Pipelines.Testing;
using static Pipelines.Connectors.OpenAI.Tests.SandboxProviders;

namespace Pipelines.Connectors.OpenAI.Tests;

/// <summary>The sandbox's scripting itself: rules that expire, rules per model, the admin JSON shape, faults from configuration, the call log.</summary>
public sealed class SandboxFaultTests : IAsyncLifetime
{
    private SandboxServer _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await SandboxServer.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task Rule_ForSeconds_ProviderRecoversWhenItEnds()
    {
        // Arrange
        await _sandbox.AddFaultForAsync(new FaultRule(FaultKind.Status, Model: ChatModel, Status: 503), TimeSpan.FromSeconds(1));
        var provider = Provider(_sandbox.OpenAiEndpoint);

        // Act
        var during = await Assert.ThrowsAsync<ConnectorException>(() => provider.InvokeAsync("chat", Prompt("hi"), CancellationToken.None));
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var after = await provider.InvokeAsync("chat", Prompt("hi"), CancellationToken.None);

        // Assert
        Assert.Equal(OutcomeClass.Unavailable, during.Outcome);
        Assert.Equal("[m] hi", after.Output["text"]!.GetValue<string>());
        Assert.Equal(["Status", "ok"], (await _sandbox.CallsAsync()).Select(c => c.Outcome));
        Assert.Empty(await _sandbox.FaultsAsync());
    }

    [Fact]
    public async Task Rule_Times_AppliesToThatManyCallsOfItsModelOnly()
    {
        // Arrange
        await _sandbox.AddFaultAsync(new FaultRule(FaultKind.Status, Model: "other", Status: 500, Times: 2));
        var mine = Provider(_sandbox.OpenAiEndpoint);
        var other = new OpenAiProvider("other", new OpenAiProviderOptions { Endpoint = _sandbox.OpenAiEndpoint, Model = "other" }, new HttpClient());

        // Act
        await mine.InvokeAsync("chat", Prompt("a"), CancellationToken.None);
        await Assert.ThrowsAsync<ConnectorException>(() => other.InvokeAsync("chat", Prompt("b"), CancellationToken.None));
        await Assert.ThrowsAsync<ConnectorException>(() => other.InvokeAsync("chat", Prompt("c"), CancellationToken.None));
        await other.InvokeAsync("chat", Prompt("d"), CancellationToken.None);

        // Assert
        var calls = await _sandbox.CallsAsync();
        Assert.Equal(
            [("m", "ok", "a"), ("other", "Status", "b"), ("other", "Status", "c"), ("other", "ok", "d")],
            calls.Select(c => (c.Model, c.Outcome, c.Input)));
        Assert.Equal([1L, 2L, 3L, 4L], calls.Select(c => c.Id));
        Assert.All(calls, c => Assert.True(c.EndedAt >= c.At));
    }

    [Fact]
    public async Task Admin_RuleAsCamelCaseJson_IsApplied()
    {
        // Arrange
        using var admin = new HttpClient { BaseAddress = _sandbox.BaseAddress };
        using var rule = new StringContent(
            """{"kind": "SlowFirstToken", "model": "m", "delayMs": 50, "forSeconds": 30}""", Encoding.UTF8, "application/json");

        // Act
        var posted = await admin.PostAsync("/_sandbox/faults", rule);

        // Assert
        posted.EnsureSuccessStatusCode();
        var listed = Assert.Single(await _sandbox.FaultsAsync());
        Assert.Equal(new FaultRule(FaultKind.SlowFirstToken, Model: "m", DelayMs: 50, ForSeconds: 30), listed);
    }

    [Fact]
    public async Task Admin_ClearOneModel_KeepsOtherRulesAndTheLog()
    {
        // Arrange
        await _sandbox.AddFaultAsync(new FaultRule(FaultKind.Status, Model: "m", Status: 503));
        await _sandbox.AddFaultAsync(new FaultRule(FaultKind.Status, Model: "n", Status: 503));
        await Assert.ThrowsAsync<ConnectorException>(() => Provider(_sandbox.OpenAiEndpoint).InvokeAsync("chat", Prompt("x"), CancellationToken.None));

        // Act
        await _sandbox.ClearFaultsAsync("m");

        // Assert
        Assert.Equal("n", Assert.Single(await _sandbox.FaultsAsync()).Model);
        Assert.Single(await _sandbox.CallsAsync());
        await Provider(_sandbox.OpenAiEndpoint).InvokeAsync("chat", Prompt("x"), CancellationToken.None);
    }

    [Fact]
    public async Task Configuration_FaultsLoadedAtStart()
    {
        // Arrange
        await using var configured = await SandboxServer.StartAsync(
            "--Sandbox:Faults:0:Kind=Status", "--Sandbox:Faults:0:Model=m", "--Sandbox:Faults:0:Status=429", "--Sandbox:Faults:0:RetryAfterSeconds=4");

        // Act
        var failure = await Assert.ThrowsAsync<ConnectorException>(() =>
            Provider(configured.OpenAiEndpoint).InvokeAsync("chat", Prompt("x"), CancellationToken.None));

        // Assert
        Assert.Equal(OutcomeClass.RateLimited, failure.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(4), failure.RetryAfter);
    }

    [Fact]
    public async Task CallLog_ClientGivesUp_CallEndsAborted()
    {
        // Arrange
        await _sandbox.AddFaultAsync(new FaultRule(FaultKind.NoResponse));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        // Act
        await Assert.ThrowsAsync<ConnectorException>(() => Provider(_sandbox.OpenAiEndpoint).InvokeAsync("chat", Prompt("x"), cancel.Token));
        SandboxCall? call = null;
        for (var i = 0; i < 50 && call?.EndedAt is null; i++)
        {
            await Task.Delay(50);
            call = Assert.Single(await _sandbox.CallsAsync());
        }

        // Assert
        Assert.NotNull(call!.EndedAt);
        Assert.True(call.Aborted);
        Assert.Equal("NoResponse", call.Outcome);
    }

    [Fact]
    public async Task Stream_WithoutUsageRequested_SendsNoUsageChunk()
    {
        // Arrange
        using var client = new HttpClient { BaseAddress = _sandbox.BaseAddress };

        // Act
        var response = await client.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = "m",
            stream = true,
            messages = new[] { new { role = "user", content = "a b" } },
        });
        var body = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("\"usage\"", body, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\n\n", body, StringComparison.Ordinal);
    }
}
