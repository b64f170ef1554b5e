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

    public static TheoryData<string, string, string> DescribedCases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var provider in new[] { "local-minilm", "local-arctic" })
        {
            data.Add(provider, "The stock soared after record earnings", "bullish");
            data.Add(provider, "Stocks plunged on recession fears", "bearish");
            data.Add(provider, "The bank cut its outlook and the shares fell", "bearish");
            data.Add(provider, "The market was flat, little changed on the day", "neutral");
        }

        return data;
    }

    /// <summary>
    /// Bare "bullish"/"bearish" do not separate on either model (bullish wins for falling prices too);
    /// a description per label does.
    /// </summary>
    [Theory]
    [MemberData(nameof(DescribedCases))]
    public async Task Classify_DescribedLabels_PicksTheObviousLabel(string providerId, string text, string expected)
    {
        // Arrange
        var input = new JsonObject
        {
            ["text"] = text,
            ["labels"] = new JsonArray(
                new JsonObject { ["label"] = "bullish", ["description"] = "Prices are rising: gains, growth and optimism." },
                new JsonObject { ["label"] = "bearish", ["description"] = "Prices are falling: losses, declines and pessimism." },
                new JsonObject { ["label"] = "neutral", ["description"] = "Nothing much changed: flat, steady, mixed." }),
        };

        // Act
        var response = await models[providerId].InvokeAsync(Capabilities.Classify, input, CancellationToken.None);

        // Assert
        Assert.Equal(expected, response.Output["label"]!.GetValue<string>());
        Assert.Equal(["bullish", "bearish", "neutral"], response.Output["scores"]!.AsObject().Select(s => s.Key));
    }

    /// <summary>
    /// With the default gate (one run at a time) and with no effective gate (16 runs at once on one ONNX session,
    /// which ONNX Runtime documents as thread-safe) the answers equal those of sequential calls.
    /// </summary>
    [Theory]
    [InlineData("local-minilm", 1)]
    [InlineData("local-minilm", 16)]
    [InlineData("local-arctic", 1)]
    [InlineData("local-arctic", 16)]
    public async Task Classify_SixteenConcurrentCalls_MatchSequentialResults(string providerId, int maxConcurrentRuns)
    {
        // Arrange
        using var ungated = maxConcurrentRuns == 1
            ? null
            : new OnnxProvider(OnnxModelsFixture.Model(providerId), new OnnxConnectorOptions { MaxConcurrentRuns = maxConcurrentRuns });
        var provider = models[providerId];
        var concurrentProvider = ungated ?? provider;
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
            Task.Run(() => concurrentProvider.InvokeAsync(Capabilities.Classify, Input(text, labels), CancellationToken.None))));

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
