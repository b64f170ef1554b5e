using System.Text.Json.Nodes;

namespace Pipelines.Connectors.Onnx.Tests;

[Collection(OnnxModelsCollection.Name)]
public sealed class InvalidInputTests(OnnxModelsFixture models)
{
    public static TheoryData<string, string, string> BadInputs() => new()
    {
        { "classify", """{"labels":["a","b"]}""", "needs 'text'" },
        { "classify", """{"text":"hello","labels":["only"]}""", "at least two" },
        { "classify", """{"text":"hello"}""", "needs 'labels'" },
        { "classify", """{"text":"hello","labels":"a,b"}""", "needs 'labels'" },
        { "classify", """{"text":42,"labels":["a","b"]}""", "'text' must be a string" },
        { "classify", """{"text":"hello","labels":["a",7]}""", "'labels[1]' must be a string or an object" },
        { "classify", """{"text":"hello","labels":[{"description":"x"},"b"]}""", "'labels[0].label' must be a string." },
        { "classify", """{"text":"hello","labels":[{"label":"a","description":3},"b"]}""", "'labels[0].description' must be a string." },
        { "classify", """{"text":"hello","labels":["a","a"]}""", "more than once" },
        { "classify", """{"text":"   ","labels":["a","b"]}""", "'text' is empty" },
        { "embed", """{}""", "needs 'input'" },
        { "embed", """{"input":[]}""", "at least one" },
        { "embed", """{"input":{"a":1}}""", "string or an array" },
        { "embed", """{"input":["ok",null]}""", "'input[1]' must be a string" },
        { "chat", """{"prompt":"hi"}""", "does not serve 'chat'" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Invoke_BadInput_ThrowsInvalidRequestWithClearMessage(string capability, string json, string expected)
    {
        // Arrange
        var input = JsonNode.Parse(json)!.AsObject();

        // Act
        var error = await Assert.ThrowsAsync<ConnectorException>(() => models.MiniLm.InvokeAsync(capability, input, CancellationToken.None));

        // Assert
        Assert.Equal(OutcomeClass.InvalidRequest, error.Outcome);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Embed_MoreThan64Texts_ThrowsInvalidRequest()
    {
        // Arrange
        var input = new JsonObject { ["input"] = new JsonArray([.. Enumerable.Range(0, 65).Select(i => (JsonNode)$"text {i}")]) };

        // Act
        var error = await Assert.ThrowsAsync<ConnectorException>(() => models.Arctic.InvokeAsync(Capabilities.Embed, input, CancellationToken.None));

        // Assert
        Assert.Equal(OutcomeClass.InvalidRequest, error.Outcome);
        Assert.Contains("at most 64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Classify_TextLongerThan8000Chars_ThrowsInvalidRequest()
    {
        // Arrange
        var input = new JsonObject { ["text"] = new string('a', 8_001), ["labels"] = new JsonArray("a", "b") };

        // Act
        var error = await Assert.ThrowsAsync<ConnectorException>(() => models.MiniLm.InvokeAsync(Capabilities.Classify, input, CancellationToken.None));

        // Assert
        Assert.Equal(OutcomeClass.InvalidRequest, error.Outcome);
        Assert.Contains("at most 8000", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("local-minilm")]
    [InlineData("local-arctic")]
    public async Task Embed_LongestAcceptedText_ReturnsAVector(string providerId)
    {
        // Arrange: 8,000 characters is far beyond the 512 tokens the models read.
        var text = string.Join(' ', Enumerable.Repeat("The invoice was paid late because of the bank holiday.", 150))[..8_000];

        // Act
        var response = await models[providerId].InvokeAsync(Capabilities.Embed, new JsonObject { ["input"] = text }, CancellationToken.None);

        // Assert
        Assert.Equal(384, response.Output["vector"]!.AsArray().Count);
    }
}
