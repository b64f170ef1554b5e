using System.Text.Json.Nodes;
using Pipelines.Connectors;

namespace Pipelines.Core.Tests.Contract;

public sealed class EmbedJsonTests
{
    [Theory]
    [InlineData("""{"input":"a"}""")]
    [InlineData("""{"input":["a","b"],"dimensions":64}""")]
    public void ReadThenWrite_Request_RoundTrips(string json)
    {
        // Arrange
        var input = JsonNode.Parse(json)!.AsObject();

        // Act
        var written = EmbedJson.Write(EmbedJson.ReadRequest(input));

        // Assert
        Assert.True(JsonNode.DeepEquals(input, written), written.ToJsonString());
    }

    [Fact]
    public void WriteResultThenRead_Vectors_RoundTrip()
    {
        // Arrange
        var result = new EmbedResult([[1f, 2f], [3f, 4f]], ScalarInput: false, new TokenUsage(5, 0));

        // Act
        var output = EmbedJson.WriteResult(result, inputs: 2, "p1");
        var back = EmbedJson.ReadResult(output);

        // Assert
        Assert.Equal(2, output["dimensions"]!.GetValue<int>());
        Assert.Equal([3f, 4f], back.Vectors[1]);
        Assert.Equal(result.Usage, back.Usage);
    }

    [Fact]
    public void WriteResult_UnevenVectors_Unavailable()
    {
        // Arrange
        var result = new EmbedResult([[1f, 2f], [3f]]);

        // Act
        var failure = Assert.Throws<ConnectorException>(() => EmbedJson.WriteResult(result, inputs: 2, "p1"));

        // Assert
        Assert.Equal(OutcomeClass.Unavailable, failure.Outcome);
    }
}
