using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Pipelines.Connectors.Onnx.Tests;

[Collection(OnnxModelsCollection.Name)]
public sealed class ZzProbe(OnnxModelsFixture models, ITestOutputHelper output)
{
    private static readonly string[] Market = ["Prices are rising: gains, growth and optimism.", "Prices are falling: losses, declines and pessimism.", "Nothing much changed: flat, steady, mixed."];

    [Fact]
    public async Task Probe()
    {
        string[] texts = ["Shares crashed as the company warned of heavy losses", "The stock soared after record earnings", "Stocks plunged on recession fears", "The market was flat, little changed on the day", "Shares jumped 12% on strong demand", "The bank cut its outlook and the shares fell"];
        string[] templates = ["{0}"];
        foreach (var p in new[] { models.MiniLm, models.Arctic })
        foreach (var t in templates)
        foreach (var text in texts)
        {
            var labels = Market.Select(l => string.Format(System.Globalization.CultureInfo.InvariantCulture, t, l)).ToArray();
            var r = await p.InvokeAsync("classify", new JsonObject { ["text"] = text, ["labels"] = new JsonArray([.. labels.Select(l => (JsonNode)l)]) }, default);
            output.WriteLine($"{p.ProviderId} | {t} | {text[..20]} -> {r.Output["label"]} {r.Output["scores"]!.ToJsonString()}");
        }
    }
}
