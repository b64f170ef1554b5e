using System.Text.Json.Nodes;

namespace Pipelines.Connectors.Onnx.Tests;

[Collection(OnnxModelsCollection.Name)]
public sealed class EmbedTests(OnnxModelsFixture models)
{
    [Theory]
    [InlineData("local-minilm")]
    [InlineData("local-arctic")]
    public async Task Embed_SingleText_ReturnsUnitVectorOf384Dimensions(string providerId)
    {
        // Arrange
        var input = new JsonObject { ["input"] = "How do I pay an invoice?" };

        // Act
        var response = await models[providerId].InvokeAsync(Capabilities.Embed, input, CancellationToken.None);

        // Assert
        var vector = Vector(response.Output["vector"]);
        Assert.Equal(384, vector.Length);
        Assert.Equal(384, response.Output["dimensions"]!.GetValue<int>());
        Assert.Equal(providerId, response.Output["provider"]!.GetValue<string>());
        Assert.Equal(1.0, Math.Sqrt(vector.Sum(x => x * x)), 3);
    }

    [Theory]
    [InlineData("local-minilm")]
    [InlineData("local-arctic")]
    public async Task Embed_ArrayOfTexts_ReturnsOneUnitVectorPerTextInOrder(string providerId)
    {
        // Arrange
        string[] texts = ["Paying a bill", "The cat sleeps on the windowsill.", "Quarterly revenue grew."];
        var input = new JsonObject { ["input"] = new JsonArray([.. texts.Select(t => (JsonNode)t)]) };
        var single = await models[providerId].InvokeAsync(Capabilities.Embed, new JsonObject { ["input"] = texts[1] }, CancellationToken.None);

        // Act
        var response = await models[providerId].InvokeAsync(Capabilities.Embed, input, CancellationToken.None);

        // Assert
        var vectors = response.Output["vectors"]!.AsArray().Select(Vector).ToArray();
        Assert.Equal(3, vectors.Length);
        Assert.All(vectors, v => Assert.Equal(384, v.Length));
        Assert.All(vectors, v => Assert.Equal(1.0, Math.Sqrt(v.Sum(x => x * x)), 3));
        Assert.Null(response.Output["vector"]);
        // Batching pads to the longest text; the vector of a text does not depend on its neighbours.
        Assert.True(OnnxProvider.Cosine(vectors[1], Vector(single.Output["vector"])) > 0.999);
    }

    [Theory]
    [InlineData("local-minilm")]
    [InlineData("local-arctic")]
    public async Task Embed_CloseAndUnrelatedSentences_CloseOnesScoreHigher(string providerId)
    {
        // Arrange
        var input = new JsonObject
        {
            ["input"] = new JsonArray("How do I pay an invoice?", "Paying a bill", "Cats like to sleep in the sun all afternoon."),
        };

        // Act
        var response = await models[providerId].InvokeAsync(Capabilities.Embed, input, CancellationToken.None);

        // Assert
        var v = response.Output["vectors"]!.AsArray().Select(Vector).ToArray();
        var close = OnnxProvider.Cosine(v[0], v[1]);
        var unrelated = OnnxProvider.Cosine(v[0], v[2]);
        Assert.True(close > unrelated + 0.1, $"{providerId}: close {close:F3}, unrelated {unrelated:F3}");
    }

    private static float[] Vector(JsonNode? node) => [.. node!.AsArray().Select(x => x!.GetValue<float>())];
}
