using System.Text.Json.Nodes;

namespace Pipelines.Connectors.Onnx.Tests;

[Collection(OnnxModelsCollection.Name)]
public sealed class ClassifyTests(OnnxModelsFixture models)
{
    public static TheoryData<string, string, string[], string> ClearCases()
    {
        string[] market = ["bullish", "bearish", "neutral"];
        string[] topics = ["sports", "cooking", "finance"];
        var data = new TheoryData<string, string, string[], string>();
        foreach (var provider in new[] { "local-minilm", "local-arctic" })
        {
            data.Add(provider, "The stock soared after record earnings", market, "bullish");
            data.Add(provider, "Shares crashed as the company warned of heavy losses", market, "bearish");
            data.Add(provider, "The striker scored twice in the final match of the season", topics, "sports");
            data.Add(provider, "Simmer the onions in butter, then add the garlic and stir", topics, "cooking");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ClearCases))]
    public async Task Classify_ClearCase_PicksTheObviousLabel(string providerId, string text, string[] labels, string expected)
    {
        // Arrange
        var input = Input(text, labels);

        // Act
        var response = await models[providerId].InvokeAsync(Capabilities.Classify, input, CancellationToken.None);

        // Assert
        var output = response.Output;
        Assert.Equal(expected, output["label"]!.GetValue<string>());
        Assert.Equal(providerId, output["provider"]!.GetValue<string>());
        var scores = output["scores"]!.AsObject();
        Assert.Equal(labels, scores.Select(s => s.Key));
        Assert.Equal(scores.Max(s => s.Value!.GetValue<double>()), output["score"]!.GetValue<double>());
    }

    [Theory]
    [InlineData("local-minilm")]
    [InlineData("local-arctic")]
    public async Task Classify_SixteenConcurrentCalls_MatchSequentialResults(string providerId)
    {
        // Arrange
        var provider = models[providerId];
        string[] labels = ["bullish", "bearish", "neutral"];
        var texts = Enumerable.Range(0, 16).Select(i => (i % 4) switch
        {
            0 => $"The stock soared after record earnings in quarter {i}",
            1 => $"Shares crashed after the profit warning number {i}",
            2 => $"The company holds its annual meeting on day {i}",
            _ => $"Investors expect strong growth in year {2020 + i}",
        }).ToArray();
        var sequential = new List<JsonNode>();
        foreach (var text in texts)
        {
            sequential.Add((await provider.InvokeAsync(Capabilities.Classify, Input(text, labels), CancellationToken.None)).Output);
        }

        // Act
        var concurrent = await Task.WhenAll(texts.Select(text =>
            Task.Run(() => provider.InvokeAsync(Capabilities.Classify, Input(text, labels), CancellationToken.None))));

        // Assert
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(sequential[i]["label"]!.GetValue<string>(), concurrent[i].Output["label"]!.GetValue<string>());
            foreach (var label in labels)
            {
                Assert.Equal(
                    sequential[i]["scores"]![label]!.GetValue<double>(),
                    concurrent[i].Output["scores"]![label]!.GetValue<double>(),
                    5);
            }
        }
    }

    private static JsonObject Input(string text, string[] labels) =>
        new() { ["text"] = text, ["labels"] = new JsonArray([.. labels.Select(l => (JsonNode)l)]) };
}
