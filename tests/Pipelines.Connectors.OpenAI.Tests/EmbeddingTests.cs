using System.Text.Json.Nodes;
using Pipelines.Sandbox;
using Pipelines.Testing;
using static Pipelines.Connectors.OpenAI.Tests.SandboxProviders;

namespace Pipelines.Connectors.OpenAI.Tests;

/// <summary>Embeddings over real HTTP against the sandbox: the ONNX connector's input and output shapes, and the same outcome classes as chat.</summary>
public sealed class EmbeddingTests : IAsyncLifetime
{
    private SandboxServer _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await SandboxServer.StartAsync();

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    public static TheoryData<FaultRule, OutcomeClass> Faults => new()
    {
        { new FaultRule(FaultKind.Status, Status: 429, RetryAfterSeconds: 2), OutcomeClass.RateLimited },
        { new FaultRule(FaultKind.Status, Status: 503), OutcomeClass.Unavailable },
        { new FaultRule(FaultKind.Status, Status: 401), OutcomeClass.Auth },
        { new FaultRule(FaultKind.Status, Status: 400), OutcomeClass.InvalidRequest },
        { new FaultRule(FaultKind.Status, Status: 400, Code: "context_length_exceeded"), OutcomeClass.ContextLength },
        { new FaultRule(FaultKind.ContentFilter), OutcomeClass.Filtered },
        { new FaultRule(FaultKind.Malformed), OutcomeClass.Unavailable },
        { new FaultRule(FaultKind.MalformedChunk), OutcomeClass.Unavailable },
        { new FaultRule(FaultKind.Reset), OutcomeClass.Unavailable },
        { new FaultRule(FaultKind.Cut), OutcomeClass.Unavailable },
        { new FaultRule(FaultKind.NoDone), OutcomeClass.Unavailable },
        { new FaultRule(FaultKind.Latency, DelayMs: 3000), OutcomeClass.Timeout },
        { new FaultRule(FaultKind.SlowFirstToken, DelayMs: 3000), OutcomeClass.Timeout },
        { new FaultRule(FaultKind.Stall), OutcomeClass.Timeout },
        { new FaultRule(FaultKind.NoResponse), OutcomeClass.Timeout },
    };

    [Fact]
    public async Task Embed_SingleText_ReturnsOneVectorWithItsDimensionsAndUsage()
    {
        // Act
        var response = await Provider(_sandbox.OpenAiEndpoint).InvokeAsync("embed", new JsonObject { ["input"] = "pay an invoice" }, CancellationToken.None);

        // Assert
        var output = response.Output.AsObject();
        Assert.Equal(["vector", "dimensions", "provider", "usage"], output.Select(p => p.Key));
        Assert.Equal(SandboxEmbedding.Dimensions, output["dimensions"]!.GetValue<int>());
        Assert.Equal(SandboxEmbedding.Of("pay an invoice"), Floats(output["vector"]));
        Assert.Equal("sandbox", output["provider"]!.GetValue<string>());
        Assert.Equal(new TokenUsage(3, 0), response.Usage);
        var call = Assert.Single(await _sandbox.CallsAsync());
        Assert.Equal(("e", "embeddings", false), (call.Model, call.Endpoint, call.Stream));
    }

    [Fact]
    public async Task Embed_List_ReturnsVectorsInTheOrderOfTheTexts()
    {
        // Arrange
        string[] texts = ["first", "second text", "third, the last"];

        // Act
        var response = await Provider(_sandbox.OpenAiEndpoint).InvokeAsync(
            "embed", new JsonObject { ["input"] = new JsonArray([.. texts.Select(t => (JsonNode)t)]) }, CancellationToken.None);

        // Assert
        var output = response.Output.AsObject();
        Assert.Equal(["vectors", "dimensions", "provider", "usage"], output.Select(p => p.Key));
        var vectors = output["vectors"]!.AsArray();
        Assert.Equal(texts.Length, vectors.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(SandboxEmbedding.Of(texts[i]), Floats(vectors[i]));
        }
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Embed_ProviderFault_MapsToOutcomeClass(FaultRule fault, OutcomeClass expected)
    {
        // Arrange
        await _sandbox.AddFaultAsync(fault);

        // Act
        var failure = await Assert.ThrowsAsync<ConnectorException>(() =>
            Provider(_sandbox.OpenAiEndpoint, timeoutSeconds: 1).InvokeAsync("embed", new JsonObject { ["input"] = "x" }, CancellationToken.None));

        // Assert
        Assert.Equal(expected, failure.Outcome);
        Assert.StartsWith("sandbox:", failure.Message, StringComparison.Ordinal);
        Assert.Equal(fault.Kind.ToString(), Assert.Single(await _sandbox.CallsAsync()).Outcome);
    }

    [Fact]
    public async Task Embed_RateLimitedWithRetryAfter_ReportsTheWait()
    {
        // Arrange
        await _sandbox.AddFaultAsync(new FaultRule(FaultKind.Status, Model: EmbeddingModel, Status: 429, RetryAfterSeconds: 5));

        // Act
        var failure = await Assert.ThrowsAsync<ConnectorException>(() =>
            Provider(_sandbox.OpenAiEndpoint).InvokeAsync("embed", new JsonObject { ["input"] = "x" }, CancellationToken.None));

        // Assert
        Assert.Equal(TimeSpan.FromSeconds(5), failure.RetryAfter);
    }

    [Fact]
    public async Task Embed_CallerCancels_IsCancelled()
    {
        // Arrange
        await _sandbox.AddFaultAsync(new FaultRule(FaultKind.NoResponse));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        // Act
        var failure = await Assert.ThrowsAsync<ConnectorException>(() =>
            Provider(_sandbox.OpenAiEndpoint).InvokeAsync("embed", new JsonObject { ["input"] = "x" }, cancel.Token));

        // Assert
        Assert.Equal(OutcomeClass.Cancelled, failure.Outcome);
    }

    public static TheoryData<string> InvalidInputs => new()
    {
        "{}",
        """{"input": []}""",
        """{"input": 42}""",
        """{"input": ["a", ""]}""",
        """{"input": ["a", 1]}""",
    };

    [Theory]
    [MemberData(nameof(InvalidInputs))]
    public async Task Embed_InvalidInput_IsInvalidRequestWithoutACall(string input)
    {
        // Act
        var failure = await Assert.ThrowsAsync<ConnectorException>(() =>
            Provider(_sandbox.OpenAiEndpoint).InvokeAsync("embed", JsonNode.Parse(input)!.AsObject(), CancellationToken.None));

        // Assert
        Assert.Equal(OutcomeClass.InvalidRequest, failure.Outcome);
        Assert.Empty(await _sandbox.CallsAsync());
    }

    [Fact]
    public async Task Embed_NoEmbeddingModelConfigured_IsInvalidRequestWithoutACall()
    {
        // Act
        var failure = await Assert.ThrowsAsync<ConnectorException>(() =>
            Provider(_sandbox.OpenAiEndpoint, embeddingModel: null).InvokeAsync("embed", new JsonObject { ["input"] = "x" }, CancellationToken.None));

        // Assert
        Assert.Equal(OutcomeClass.InvalidRequest, failure.Outcome);
        Assert.Empty(await _sandbox.CallsAsync());
    }

    private static float[] Floats(JsonNode? vector) => [.. vector!.AsArray().Select(v => v!.GetValue<float>())];
}
