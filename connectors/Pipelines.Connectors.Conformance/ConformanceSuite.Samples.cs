using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines.Connectors.Conformance;

public sealed partial class ConformanceSuite
{
    /// <summary>
    /// For each built-in capability: a valid input, an invalid one, and the output shape the in-process connectors
    /// produce (OpenAI for chat, ONNX for embed and classify), so a remote provider is interchangeable with them.
    /// </summary>
    private static readonly Dictionary<string, Sample> Samples = new(StringComparer.Ordinal)
    {
        [Capabilities.Chat] = new(
            () => new JsonObject { ["prompt"] = "The weather was sunny all week. Rain is expected on Sunday. Summarise the forecast in one sentence.", ["maxTokens"] = 64 },
            () => new JsonObject(),
            [("", null, ChatOutput)]),
        [Capabilities.Embed] = new(
            () => new JsonObject { ["input"] = "The quick brown fox jumps over the lazy dog." },
            () => new JsonObject(),
            [("", null, EmbedOne), (".batch", () => new JsonObject { ["input"] = new JsonArray("First text to embed.", "Second text to embed.") }, EmbedMany)]),
        [Capabilities.Classify] = new(
            () => new JsonObject { ["text"] = "I was charged twice on my invoice and want a refund of the payment.", ["labels"] = new JsonArray("billing", "technical") },
            () => new JsonObject { ["text"] = "No labels to choose from." },
            [
                ("", null, ClassifyOutput),
                (".described", () => new JsonObject
                {
                    ["text"] = "The server crashed after the update.",
                    ["labels"] = new JsonArray(
                        new JsonObject { ["label"] = "ops", ["description"] = "server crash outage error" },
                        new JsonObject { ["label"] = "sales", ["description"] = "price offer discount" }),
                }, ClassifyOutput),
            ]),
    };

    private static string? ChatOutput(JsonObject input, JsonNode output)
    {
        if (output is not JsonObject o || o["text"] is not JsonValue text || text.GetValueKind() != JsonValueKind.String)
        {
            return $"output must be {{\"text\": \"...\", \"finishReason\": \"stop\"}}; got {Sized(output.ToJsonString())}";
        }

        return o["finishReason"] is null || o["finishReason"]!.GetValueKind() == JsonValueKind.String ? null : "output.finishReason must be a string.";
    }

    private static string? EmbedOne(JsonObject input, JsonNode output) =>
        output is not JsonObject o ? "output must be an object."
        : VectorProblem(o["vector"], "output.vector") ?? DimensionsProblem(o, ((JsonArray)o["vector"]!).Count);

    private static string? EmbedMany(JsonObject input, JsonNode output)
    {
        if (output is not JsonObject o || o["vectors"] is not JsonArray vectors)
        {
            return $"For an array input, output must be {{\"vectors\": [[..], ..], \"dimensions\": n}}; got {Sized(output.ToJsonString())}";
        }

        var expected = ((JsonArray)input["input"]!).Count;
        if (vectors.Count != expected)
        {
            return $"output.vectors holds {vectors.Count} vector(s) for {expected} texts.";
        }

        for (var i = 0; i < vectors.Count; i++)
        {
            if (VectorProblem(vectors[i], $"output.vectors[{i}]") is { } problem)
            {
                return problem;
            }
        }

        var lengths = vectors.Select(v => ((JsonArray)v!).Count).Distinct().ToList();
        return lengths.Count != 1 ? "output.vectors differ in length." : DimensionsProblem(o, lengths[0]);
    }

    private static string? VectorProblem(JsonNode? node, string path) =>
        node is not JsonArray { Count: > 0 } vector ? $"{path} must be a non-empty array of numbers."
        : vector.All(x => x is JsonValue v && v.TryGetValue<double>(out var d) && double.IsFinite(d)) ? null
        : $"{path} holds something other than finite numbers.";

    private static string? DimensionsProblem(JsonObject output, int length) =>
        output["dimensions"] is null ? null
        : output["dimensions"] is JsonValue d && d.TryGetValue<int>(out var dimensions) && dimensions == length ? null
        : $"output.dimensions ({output["dimensions"]?.ToJsonString()}) differs from the vector length {length}.";

    private static string? ClassifyOutput(JsonObject input, JsonNode output)
    {
        var labels = ((JsonArray)input["labels"]!).Select(l => l is JsonObject o ? o["label"]!.GetValue<string>() : l!.GetValue<string>()).ToList();
        if (output is not JsonObject o || o["label"] is not JsonValue label || label.GetValueKind() != JsonValueKind.String)
        {
            return $"output must be {{\"label\": \"...\", \"score\": x, \"scores\": {{..}}}}; got {Sized(output.ToJsonString())}";
        }

        if (!labels.Contains(label.GetValue<string>()))
        {
            return $"output.label '{label.GetValue<string>()}' is not one of the labels [{string.Join(", ", labels)}].";
        }

        if (o["score"] is not null && (o["score"] is not JsonValue score || !score.TryGetValue<double>(out _)))
        {
            return "output.score must be a number.";
        }

        if (o["scores"] is JsonObject scores && scores.Select(s => s.Key).FirstOrDefault(k => !labels.Contains(k)) is { } stray)
        {
            return $"output.scores names '{stray}', which is not one of the labels.";
        }

        return null;
    }

    private sealed record Sample(
        Func<JsonObject> Valid,
        Func<JsonObject> Invalid,
        IReadOnlyList<(string Suffix, Func<JsonObject>? Input, Func<JsonObject, JsonNode, string?> Validate)> Shapes)
    {
        public IEnumerable<(string Suffix, JsonObject Input, Func<JsonObject, JsonNode, string?> Validate)> Cases() =>
            Shapes.Select(s => (s.Suffix, (s.Input ?? Valid)(), s.Validate));
    }
}
