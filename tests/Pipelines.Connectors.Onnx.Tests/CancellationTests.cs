using System.Text.Json.Nodes;

namespace Pipelines.Connectors.Onnx.Tests;

/// <summary>A cancelled call throws <see cref="ConnectorException"/> with <see cref="OutcomeClass.Cancelled"/>, like the OpenAI connector.</summary>
[Collection(OnnxModelsCollection.Name)]
public sealed class CancellationTests(OnnxModelsFixture models)
{
    [Theory]
    [InlineData("local-minilm")]
    [InlineData("local-arctic")]
    public async Task Invoke_CancelledToken_ThrowsConnectorExceptionCancelled(string providerId)
    {
        // Arrange
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        // Act
        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            models[providerId].InvokeAsync(Capabilities.Embed, new JsonObject { ["input"] = "hello" }, cancellation.Token));

        // Assert
        Assert.Equal(OutcomeClass.Cancelled, error.Outcome);
    }

    [Fact]
    public async Task Invoke_TokenCancelledDuringRun_ThrowsConnectorExceptionCancelled()
    {
        // Arrange: 64 long texts take far longer than the 20 ms before the token fires.
        var text = string.Join(' ', Enumerable.Repeat("The invoice was paid late because of the bank holiday.", 40));
        var input = new JsonObject { ["input"] = new JsonArray([.. Enumerable.Range(0, 64).Select(i => (JsonNode)$"{i} {text}")]) };
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));

        // Act
        var error = await Assert.ThrowsAsync<ConnectorException>(() =>
            models.MiniLm.InvokeAsync(Capabilities.Embed, input, cancellation.Token));

        // Assert
        Assert.Equal(OutcomeClass.Cancelled, error.Outcome);
    }
}
