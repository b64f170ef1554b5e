using System.Text.Json.Nodes;
using Pipelines.Sandbox;
using Pipelines.Testing;

namespace Pipelines.Connectors.OpenAI.Tests;

/// <summary>Every way the sandbox can fail, over real HTTP through Semantic Kernel, lands in one outcome class.</summary>
public sealed class OutcomeMappingTests : IAsyncLifetime
{
    private SandboxServer _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await SandboxServer.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    public static TheoryData<FaultRule, OutcomeClass> Faults => new()
    {
        { new FaultRule(FaultKind.Status, Status: 500), OutcomeClass.Unavailable },
        { new FaultRule(FaultKind.Status, Status: 503), OutcomeClass.Unavailable },
        { new FaultRule(FaultKind.Status, Status: 429, RetryAfterSeconds: 2), OutcomeClass.RateLimited },
        { new FaultRule(FaultKind.Status, Status: 401), OutcomeClass.Auth },
        { new FaultRule(FaultKind.Status, Status: 403), OutcomeClass.Auth },
        { new FaultRule(FaultKind.Status, Status: 400), OutcomeClass.InvalidRequest },
        { new FaultRule(FaultKind.Status, Status: 400, Code: "content_filter"), OutcomeClass.Filtered },
        { new FaultRule(FaultKind.Status, Status: 400, Code: "content_policy_violation"), OutcomeClass.Filtered },
        { new FaultRule(FaultKind.Status, Status: 400, Code: "context_length_exceeded"), OutcomeClass.ContextLength },
        { new FaultRule(FaultKind.Status, Status: 504), OutcomeClass.Timeout },
        { new FaultRule(FaultKind.ContentFilter), OutcomeClass.Filtered },
        { new FaultRule(FaultKind.Malformed), OutcomeClass.Unavailable },
        { new FaultRule(FaultKind.Latency, DelayMs: 3000), OutcomeClass.Timeout },
        { new FaultRule(FaultKind.SlowFirstToken, DelayMs: 3000), OutcomeClass.Timeout },
        { new FaultRule(FaultKind.NoResponse), OutcomeClass.Timeout },
        { new FaultRule(FaultKind.Stall), OutcomeClass.Timeout },
        { new FaultRule(FaultKind.Cut), OutcomeClass.Unavailable },
        { new FaultRule(FaultKind.NoDone), OutcomeClass.Unavailable },
        { new FaultRule(FaultKind.Reset), OutcomeClass.Unavailable },
        { new FaultRule(FaultKind.MalformedChunk), OutcomeClass.Unavailable },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Invoke_ProviderFault_MapsToOutcomeClass(FaultRule fault, OutcomeClass expected)
    {
        // Arrange
        await _sandbox.AddFaultAsync(fault);
        var provider = Provider(_sandbox.OpenAiEndpoint, timeoutSeconds: 1);

        // Act
        var failure = await Assert.ThrowsAsync<ConnectorException>(() => provider.InvokeAsync("chat", Prompt("hi"), CancellationToken.None));

        // Assert
        Assert.Equal(expected, failure.Outcome);
        Assert.StartsWith("sandbox:", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(null)]
    public async Task Invoke_RateLimited_ReportsTheWaitWhenGiven(int? retryAfterSeconds)
    {
        // Arrange
        await _sandbox.AddFaultAsync(new FaultRule(FaultKind.Status, Status: 429, RetryAfterSeconds: retryAfterSeconds));

        // Act
        var failure = await Assert.ThrowsAsync<ConnectorException>(
            () => Provider(_sandbox.OpenAiEndpoint).InvokeAsync("chat", Prompt("hi"), CancellationToken.None));

        // Assert
        Assert.Equal(OutcomeClass.RateLimited, failure.Outcome);
        Assert.Equal(retryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null, failure.RetryAfter);
    }

    [Fact]
    public async Task Invoke_NothingListening_IsUnavailable()
    {
        // Arrange
        var provider = Provider(new Uri($"http://127.0.0.1:{FreePort.Next()}/v1"));

        // Act
        var failure = await Assert.ThrowsAsync<ConnectorException>(() => provider.InvokeAsync("chat", Prompt("hi"), CancellationToken.None));

        // Assert
        Assert.Equal(OutcomeClass.Unavailable, failure.Outcome);
    }

    [Fact]
    public async Task Invoke_CallerCancels_IsCancelledNotTimeout()
    {
        // Arrange
        await _sandbox.AddFaultAsync(new FaultRule(FaultKind.Latency, DelayMs: 5000));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        // Act
        var failure = await Assert.ThrowsAsync<ConnectorException>(
            () => Provider(_sandbox.OpenAiEndpoint).InvokeAsync("chat", Prompt("hi"), cancel.Token));

        // Assert
        Assert.Equal(OutcomeClass.Cancelled, failure.Outcome);
    }

    [Fact]
    public async Task Invoke_Healthy_ReturnsTextAndUsage()
    {
        // Act
        var response = await Provider(_sandbox.OpenAiEndpoint).InvokeAsync("chat", Prompt("hello there"), CancellationToken.None);

        // Assert
        Assert.Equal("[m] hello there", response.Output["text"]!.GetValue<string>());
        Assert.Equal(2, response.Usage!.InputTokens);
        Assert.Equal(3, response.Usage.OutputTokens);
    }

    [Fact]
    public async Task Invoke_NoPromptNorMessages_IsInvalidRequestWithoutACall()
    {
        // Act
        var failure = await Assert.ThrowsAsync<ConnectorException>(
            () => Provider(_sandbox.OpenAiEndpoint).InvokeAsync("chat", [], CancellationToken.None));

        // Assert
        Assert.Equal(OutcomeClass.InvalidRequest, failure.Outcome);
        Assert.Empty(await _sandbox.CallsAsync());
    }

    private static OpenAiProvider Provider(Uri endpoint, int timeoutSeconds = 10) =>
        new("sandbox", new OpenAiProviderOptions { Endpoint = endpoint, Model = "m", TimeoutSeconds = timeoutSeconds }, new HttpClient());

    private static JsonObject Prompt(string text) => new() { ["prompt"] = text };
}
