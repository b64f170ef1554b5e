using System.Text;
using System.Text.Json.Nodes;

namespace Pipelines.Connectors.Remote.Tests;

/// <summary>Providers built from the sample's registered manifest answer like the in-process connectors.</summary>
public sealed class SampleProviderTests(SampleConnectorsFixture samples) : IClassFixture<SampleConnectorsFixture>
{
    [Fact]
    public async Task Classify_RegisteredSample_ReturnsLabelScoresUsageAndProvider()
    {
        // Arrange
        var provider = await ProviderAsync(samples.Good.Url);
        var input = new JsonObject { ["text"] = "Shares fell 9% after the profit warning", ["labels"] = new JsonArray("bullish", "bearish", "neutral") };

        // Act
        var response = await provider.InvokeAsync(Capabilities.Classify, input, CancellationToken.None);

        // Assert
        Assert.Equal("bearish", response.Output["label"]!.GetValue<string>());
        Assert.Equal("keywords", response.Output["provider"]!.GetValue<string>());
        Assert.Equal(3, response.Output["scores"]!.AsObject().Count);
        Assert.NotNull(response.Usage);
        Assert.True(response.Usage.InputTokens > 0);
    }

    [Fact]
    public async Task Embed_SameTextTwice_SameUnitVector()
    {
        // Arrange
        var provider = await ProviderAsync(samples.Good.Url);
        var input = new JsonObject { ["input"] = new JsonArray("Paying an invoice", "Paying an invoice", "A cat sat on the mat") };

        // Act
        var response = await provider.InvokeAsync(Capabilities.Embed, input, CancellationToken.None);

        // Assert
        var vectors = response.Output["vectors"]!.AsArray().Select(v => v!.AsArray().Select(x => x!.GetValue<double>()).ToArray()).ToList();
        Assert.Equal(256, response.Output["dimensions"]!.GetValue<int>());
        Assert.Equal(vectors[0], vectors[1]);
        Assert.NotEqual(vectors[0], vectors[2]);
        Assert.Equal(1.0, Math.Sqrt(vectors[0].Sum(x => x * x)), 3);
    }

    [Fact]
    public async Task Stream_Chat_ChunksJoinToTheUnstreamedAnswer()
    {
        // Arrange
        var provider = await ProviderAsync(samples.Good.Url);
        var input = new JsonObject { ["prompt"] = "The invoice was paid late. Payment reminders were sent twice. The customer paid the invoice in full." };
        var whole = await provider.InvokeAsync(Capabilities.Chat, input, CancellationToken.None);

        // Act
        var text = new StringBuilder();
        StreamChunk? last = null;
        await foreach (var chunk in provider.StreamAsync(Capabilities.Chat, input, CancellationToken.None))
        {
            text.Append(chunk.Delta);
            last = chunk;
        }

        // Assert
        Assert.Equal(whole.Output["text"]!.GetValue<string>(), text.ToString());
        Assert.Equal("stop", last!.FinishReason);
        Assert.NotNull(last.Usage);
    }

    [Fact]
    public async Task Invoke_InvalidInput_InvalidRequestWithTheConnectorsMessage()
    {
        // Arrange
        var provider = await ProviderAsync(samples.Good.Url);

        // Act
        var failure = await Assert.ThrowsAsync<ConnectorException>(() =>
            provider.InvokeAsync(Capabilities.Classify, new JsonObject { ["text"] = "only text" }, CancellationToken.None));

        // Assert
        Assert.Equal(OutcomeClass.InvalidRequest, failure.Outcome);
        Assert.Contains("labels", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_GuardedSample_AuthWithoutKeyOkWithIt()
    {
        // Arrange
        var manifest = RemoteManifest.Parse(await ManifestAsync(samples.Guarded.Url, SampleConnectorsFixture.Secret));
        var type = RemoteConnectorType.Registered("keywords", samples.Guarded.Url, manifest);
        var input = new JsonObject { ["input"] = "hello" };
        var without = type.Create(new ProviderSettings("kw", null, null, null, []));
        var with = type.Create(new ProviderSettings("kw", null, null, SampleConnectorsFixture.Secret, []));

        // Act
        var failure = await Assert.ThrowsAsync<ConnectorException>(() => without.InvokeAsync(Capabilities.Embed, input, CancellationToken.None));
        var response = await with.InvokeAsync(Capabilities.Embed, input, CancellationToken.None);

        // Assert
        Assert.Equal(OutcomeClass.Auth, failure.Outcome);
        Assert.True(manifest.RequiresBearer);
        Assert.NotNull(response.Output["vector"]);
    }

    [Fact]
    public async Task Create_RegisteredType_ManifestFromTheConnector()
    {
        // Arrange
        var manifest = RemoteManifest.Parse(await ManifestAsync(samples.Good.Url));
        var type = RemoteConnectorType.Registered("keywords", samples.Good.Url, manifest);

        // Act
        var provider = type.Create(new ProviderSettings("kw", null, "keywords-v1", null, []));
        var wrongModel = Assert.Throws<ConnectorException>(() => type.Create(new ProviderSettings("kw", null, "gpt-9", null, [])));

        // Assert
        Assert.Equal(["chat", "classify", "embed"], type.Capabilities);
        Assert.Equal("keywords", provider.Manifest.Connector);
        Assert.Equal("1.0.0", provider.Manifest.Version);
        Assert.True(provider.Manifest.Streaming);
        Assert.Equal(4096, provider.Manifest.ContextWindow);
        Assert.Equal(OutcomeClass.InvalidRequest, wrongModel.Outcome);
    }

    private static async Task<IStreamingProviderConnector> ProviderAsync(Uri url)
    {
        var manifest = RemoteManifest.Parse(await ManifestAsync(url));
        return (IStreamingProviderConnector)RemoteConnectorType.Registered("keywords", url, manifest)
            .Create(new ProviderSettings("keywords", null, null, null, []));
    }

    private static async Task<string> ManifestAsync(Uri url, string? secret = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, "manifest"));
        if (secret is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
        }

        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }
}
