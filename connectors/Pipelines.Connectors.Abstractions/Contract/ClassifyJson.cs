using System.Text.Json;
using System.Text.Json.Nodes;
using static Pipelines.Connectors.ContractJson;
using F = Pipelines.Connectors.ClassifyFields;

namespace Pipelines.Connectors;

/// <summary>
/// A classify step's <c>with</c> (<c>{"text": "...", "labels": ["a", {"label": "b", "description": "..."}]}</c>) and
/// output (<c>label</c>, <c>score</c>, <c>scores</c>), both ways.
/// </summary>
public static class ClassifyJson
{
    public static ClassifyRequest ReadRequest(JsonObject input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var text = input[F.Text] is null ? throw Invalid($"A classify step needs '{F.Text}': the string to classify.") : String(input[F.Text], F.Text);
        if (input[F.Labels] is not JsonArray array)
        {
            throw Invalid($"A classify step needs '{F.Labels}': an array of at least two strings.");
        }

        if (array.Count < 2)
        {
            throw Invalid($"'{F.Labels}' holds {array.Count} label(s); at least two are needed to choose between.");
        }

        var labels = array.Select((item, i) => item is JsonObject described
            ? new ClassifyLabel(
                String(described[F.Label], $"{F.Labels}[{i}].{F.Label}"),
                described[F.Description] is null ? null : String(described[F.Description], $"{F.Labels}[{i}].{F.Description}"))
            : new ClassifyLabel(item is JsonValue value && value.GetValueKind() == JsonValueKind.String
                ? String(item, $"{F.Labels}[{i}]")
                : throw Invalid($"'{F.Labels}[{i}]' must be a string or an object with a string '{F.Label}' (and optionally '{F.Description}')."))).ToList();
        var duplicate = labels.GroupBy(l => l.Label, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? new ClassifyRequest(text, labels)
            : throw Invalid($"'{F.Labels}' names '{duplicate.Key}' more than once.");
    }

    public static JsonObject Write(ClassifyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new JsonObject
        {
            [F.Text] = request.Text,
            [F.Labels] = new JsonArray([.. request.Labels.Select(l => l.Description is null
                ? (JsonNode)l.Label
                : new JsonObject { [F.Label] = l.Label, [F.Description] = l.Description })]),
        };
    }

    public static JsonObject WriteResult(ClassifyResult result, string providerId)
    {
        ArgumentNullException.ThrowIfNull(result);
        var scores = new JsonObject();
        foreach (var (label, score) in result.Scores)
        {
            scores[label] = score;
        }

        return new JsonObject
        {
            [F.Label] = result.Label,
            [F.Score] = result.Score,
            [F.Scores] = scores,
            [CapabilityFields.Provider] = providerId,
        };
    }
}
