using System.Diagnostics;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Pipelines.Connectors.Onnx.Tests;

/// <summary>Records load and warm-call timings in the test output; the bounds are loose, only to catch a regression by an order of magnitude.</summary>
[Collection(OnnxModelsCollection.Name)]
public sealed class TimingTests(OnnxModelsFixture models, ITestOutputHelper output)
{
    [Theory]
    [InlineData("local-minilm")]
    [InlineData("local-arctic")]
    public async Task Embed_WarmModel_TakesMillisecondsPerSentence(string providerId)
    {
        // Arrange
        var provider = models[providerId];
        var input = new JsonObject { ["input"] = "How do I pay an invoice?" };
        await provider.InvokeAsync(Capabilities.Embed, input, CancellationToken.None);
        var batch = new JsonObject { ["input"] = new JsonArray([.. Enumerable.Range(0, 32).Select(i => (JsonNode)$"Sentence number {i} about paying a bill.")]) };

        // Act
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            await provider.InvokeAsync(Capabilities.Embed, input, CancellationToken.None);
        }

        var warm = clock.Elapsed / 20;
        clock.Restart();
        await provider.InvokeAsync(Capabilities.Embed, batch, CancellationToken.None);
        var batchTime = clock.Elapsed;

        // Assert
        output.WriteLine($"{providerId}: load {models.LoadTimes[providerId].TotalMilliseconds:F0} ms, warm {warm.TotalMilliseconds:F1} ms/sentence, batch of 32 {batchTime.TotalMilliseconds:F0} ms");
        Assert.True(models.LoadTimes[providerId] < TimeSpan.FromSeconds(10));
        Assert.True(warm < TimeSpan.FromMilliseconds(200));
    }
}
