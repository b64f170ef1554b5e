using System.Diagnostics;
using Pipelines.Sandbox;
using Pipelines.Testing;
using static Pipelines.Connectors.OpenAI.Tests.SandboxProviders;

namespace Pipelines.Connectors.OpenAI.Tests;

/// <summary>Streamed chat over real HTTP against the sandbox: a whole answer ends with a finish reason; every fault ends in one outcome class.</summary>
public sealed class StreamingTests : IAsyncLifetime
{
    private SandboxServer _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await SandboxServer.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    public static TheoryData<FaultRule, OutcomeClass, string> Faults => new()
    {
        { new FaultRule(FaultKind.Cut, AfterTokens: 2), OutcomeClass.Unavailable, "incomplete" },
        { new FaultRule(FaultKind.MalformedChunk, AfterTokens: 2), OutcomeClass.Unavailable, "incomplete" },
        { new FaultRule(FaultKind.NoDone), OutcomeClass.Unavailable, "incomplete" },
        { new FaultRule(FaultKind.ContentFilter, AfterTokens: 2), OutcomeClass.Filtered, "content filter" },
        { new FaultRule(FaultKind.Status, Status: 429), OutcomeClass.RateLimited, "HTTP 429" },
        { new FaultRule(FaultKind.Status, Status: 503), OutcomeClass.Unavailable, "HTTP 503" },
        { new FaultRule(FaultKind.Status, Status: 500), OutcomeClass.Unavailable, "HTTP 500" },
        { new FaultRule(FaultKind.Status, Status: 401), OutcomeClass.Auth, "HTTP 401" },
        { new FaultRule(FaultKind.Status, Status: 400, Code: "context_length_exceeded"), OutcomeClass.ContextLength, "context_length_exceeded" },
        { new FaultRule(FaultKind.Status, Status: 400, Code: "content_policy_violation"), OutcomeClass.Filtered, "content_policy_violation" },
        { new FaultRule(FaultKind.Status, Status: 400, Code: "content_filter"), OutcomeClass.Filtered, "content_filter" },
        { new FaultRule(FaultKind.Reset), OutcomeClass.Unavailable, "sandbox:" },
        { new FaultRule(FaultKind.Malformed), OutcomeClass.Unavailable, "sandbox:" },
        { new FaultRule(FaultKind.Stall, AfterTokens: 2), OutcomeClass.Timeout, "time limit" },
        { new FaultRule(FaultKind.NoResponse), OutcomeClass.Timeout, "time limit" },
        { new FaultRule(FaultKind.SlowFirstToken, DelayMs: 3000), OutcomeClass.Timeout, "time limit" },
    };

    [Fact]
    public async Task Stream_Healthy_ChunksMakeTheWholeAnswerThenFinishWithUsage()
    {
        // Arrange
        var provider = Provider(_sandbox.OpenAiEndpoint);

        // Act
        var (chunks, failure) = await CollectAsync(provider.StreamAsync("chat", Prompt("hello there world"), CancellationToken.None));

        // Assert
        Assert.Null(failure);
        Assert.Equal("[m] hello there world", Text(chunks));
        Assert.True(chunks.Count >= 4, $"expected one chunk per word, got {chunks.Count}");
        Assert.All(chunks[..^1], c => Assert.Null(c.FinishReason));
        Assert.Equal("stop", chunks[^1].FinishReason);
        Assert.Equal(new TokenUsage(3, 4), chunks[^1].Usage);
        var call = Assert.Single(await _sandbox.CallsAsync());
        Assert.True(call.Stream);
        Assert.Equal("ok", call.Outcome);
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Stream_ProviderFault_MapsToOutcomeClass(FaultRule fault, OutcomeClass expected, string messagePart)
    {
        // Arrange
        await _sandbox.AddFaultAsync(fault);
        var provider = Provider(_sandbox.OpenAiEndpoint, timeoutSeconds: 1);

        // Act
        var (_, failure) = await CollectAsync(provider.StreamAsync("chat", Prompt("one two three four five"), CancellationToken.None));

        // Assert
        Assert.NotNull(failure);
        Assert.Equal(expected, failure.Outcome);
        Assert.StartsWith("sandbox:", failure.Message, StringComparison.Ordinal);
        Assert.Contains(messagePart, failure.Message, StringComparison.Ordinal);
        Assert.Equal(fault.Kind.ToString(), Assert.Single(await _sandbox.CallsAsync()).Outcome);
    }

    [Theory]
    [InlineData(FaultKind.Cut)]
    [InlineData(FaultKind.MalformedChunk)]
    [InlineData(FaultKind.NoDone)]
    [InlineData(FaultKind.ContentFilter)]
    public async Task Stream_FailsAfterContent_NeverEndsWithAFinishReason(FaultKind kind)
    {
        // Arrange
        await _sandbox.AddFaultAsync(new FaultRule(kind, AfterTokens: 2));

        // Act
        var (chunks, failure) = await CollectAsync(Provider(_sandbox.OpenAiEndpoint).StreamAsync("chat", Prompt("one two three four"), CancellationToken.None));

        // Assert
        Assert.NotNull(failure);
        Assert.StartsWith("[m] one", Text(chunks), StringComparison.Ordinal);
        Assert.All(chunks, c => Assert.Null(c.FinishReason));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(3)]
    public async Task Stream_RateLimited_ReportsRetryAfterWhenGiven(int? retryAfterSeconds)
    {
        // Arrange
        await _sandbox.AddFaultAsync(new FaultRule(FaultKind.Status, Status: 429, RetryAfterSeconds: retryAfterSeconds));

        // Act
        var (_, failure) = await CollectAsync(Provider(_sandbox.OpenAiEndpoint).StreamAsync("chat", Prompt("hi"), CancellationToken.None));

        // Assert
        Assert.Equal(OutcomeClass.RateLimited, failure!.Outcome);
        Assert.Equal(retryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null, failure.RetryAfter);
    }

    [Theory]
    [InlineData(FaultKind.SlowFirstToken, 10_000)]
    [InlineData(FaultKind.Stall, 0)]
    [InlineData(FaultKind.NoResponse, 0)]
    public async Task Stream_CallerCancelsWhileProviderIsSilent_IsCancelledPromptly(FaultKind kind, int delayMs)
    {
        // Arrange
        await _sandbox.AddFaultAsync(new FaultRule(kind, DelayMs: delayMs, AfterTokens: 2));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        // Act
        var (_, failure) = await CollectAsync(Provider(_sandbox.OpenAiEndpoint, timeoutSeconds: 30).StreamAsync("chat", Prompt("one two three"), cancel.Token));

        // Assert
        Assert.Equal(OutcomeClass.Cancelled, failure!.Outcome);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"cancellation took {clock.Elapsed}");
    }

    [Fact]
    public async Task Stream_SlowFirstToken_HeadersAtOnceFirstChunkAfterTheDelay()
    {
        // Arrange
        await _sandbox.AddFaultAsync(new FaultRule(FaultKind.SlowFirstToken, DelayMs: 600));
        var clock = Stopwatch.StartNew();
        TimeSpan? firstChunk = null;
        var chunks = new List<StreamChunk>();

        // Act
        await foreach (var chunk in Provider(_sandbox.OpenAiEndpoint).StreamAsync("chat", Prompt("a b c"), CancellationToken.None))
        {
            firstChunk ??= clock.Elapsed;
            chunks.Add(chunk);
        }

        // Assert
        Assert.InRange(firstChunk!.Value, TimeSpan.FromMilliseconds(550), TimeSpan.FromSeconds(5));
        Assert.True(clock.Elapsed - firstChunk.Value < TimeSpan.FromMilliseconds(400), "after the first token the rest came at once");
        Assert.Equal("[m] a b c", Text(chunks));
        Assert.Equal("stop", chunks[^1].FinishReason);
    }

    [Fact]
    public async Task Stream_SlowTokens_ChunksArriveSpacedAndTheAnswerIsWhole()
    {
        // Arrange
        await _sandbox.AddFaultAsync(new FaultRule(FaultKind.SlowTokens, DelayMs: 150));
        var arrivals = new List<TimeSpan>();
        var chunks = new List<StreamChunk>();
        var clock = Stopwatch.StartNew();

        // Act
        await foreach (var chunk in Provider(_sandbox.OpenAiEndpoint).StreamAsync("chat", Prompt("a b c d"), CancellationToken.None))
        {
            arrivals.Add(clock.Elapsed);
            chunks.Add(chunk);
        }

        // Assert
        Assert.Equal("[m] a b c d", Text(chunks));
        Assert.True(arrivals[^1] - arrivals[0] >= TimeSpan.FromMilliseconds(4 * 140), $"5 tokens 150 ms apart took {arrivals[^1] - arrivals[0]}");
    }

    [Fact]
    public async Task Stream_UnservedCapability_IsInvalidRequestWithoutACall()
    {
        // Act
        var (_, failure) = await CollectAsync(Provider(_sandbox.OpenAiEndpoint).StreamAsync("embed", Prompt("hi"), CancellationToken.None));

        // Assert
        Assert.Equal(OutcomeClass.InvalidRequest, failure!.Outcome);
        Assert.Empty(await _sandbox.CallsAsync());
    }

    [Fact]
    public async Task Stream_NothingListening_IsUnavailable()
    {
        // Arrange
        var provider = Provider(new Uri($"http://127.0.0.1:{FreePort.Next()}/v1"));

        // Act
        var (_, failure) = await CollectAsync(provider.StreamAsync("chat", Prompt("hi"), CancellationToken.None));

        // Assert
        Assert.Equal(OutcomeClass.Unavailable, failure!.Outcome);
    }

    [Theory]
    [InlineData("e", new[] { "chat", "embed" })]
    [InlineData(null, new[] { "chat" })]
    public void Manifest_Streams_AndEmbedsOnlyWithAnEmbeddingModel(string? embeddingModel, string[] capabilities)
    {
        // Act
        var manifest = Provider(_sandbox.OpenAiEndpoint, embeddingModel: embeddingModel).Manifest;

        // Assert
        Assert.True(manifest.Streaming);
        Assert.Contains("streaming", manifest.Features);
        Assert.Equal(capabilities, manifest.Capabilities);
    }
}
