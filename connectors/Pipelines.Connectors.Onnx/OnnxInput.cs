using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines.Connectors.Onnx;

/// <summary>Reads and checks the <c>with</c> of embed and classify steps; every fault is an invalid request.</summary>
public static class OnnxInput
{
    /// <summary>The texts of <c>{"input": "text"}</c> or <c>{"input": ["a", "b"]}</c>, and whether a single string was given.</summary>
    public static (string[] Texts, bool Single) ForEmbed(JsonObject input, OnnxConnectorOptions limits)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(limits);
        switch (input["input"])
        {
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return ([Text(value, "input", limits)], true);
            case JsonArray array:
                if (array.Count == 0)
                {
                    throw Invalid("'input' must hold at least one text.");
                }

                if (array.Count > limits.MaxTextsPerCall)
                {
                    throw Invalid($"'input' holds {array.Count} texts; at most {limits.MaxTextsPerCall} are accepted per call.");
                }

                return ([.. array.Select((item, i) => Text(item, $"input[{i}]", limits))], false);
            case null:
                throw Invalid("An embed step needs 'input': a string or an array of strings.");
            default:
                throw Invalid("'input' must be a string or an array of strings.");
        }
    }

    /// <summary>
    /// The text and candidate labels of <c>{"text": "...", "labels": ["a", "b"]}</c>. A label may also be
    /// <c>{"label": "bearish", "description": "prices falling, losses"}</c>: the description is what gets compared
    /// with the text, which separates labels that a bare word does not (see README.md).
    /// </summary>
    public static (string Text, string[] Labels, string[] Descriptions) ForClassify(JsonObject input, OnnxConnectorOptions limits)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(limits);
        var text = input["text"] is null
            ? throw Invalid("A classify step needs 'text': the string to classify.")
            : Text(input["text"], "text", limits);

        if (input["labels"] is not JsonArray array)
        {
            throw Invalid("A classify step needs 'labels': an array of at least two strings.");
        }

        if (array.Count < 2)
        {
            throw Invalid($"'labels' holds {array.Count} label(s); at least two are needed to choose between.");
        }

        if (array.Count + 1 > limits.MaxTextsPerCall)
        {
            throw Invalid($"'labels' holds {array.Count} labels; at most {limits.MaxTextsPerCall - 1} are accepted per call.");
        }

        var labels = new string[array.Count];
        var descriptions = new string[array.Count];
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonObject described)
            {
                labels[i] = Text(described["label"], $"labels[{i}].label", limits);
                descriptions[i] = described["description"] is null ? labels[i] : Text(described["description"], $"labels[{i}].description", limits);
            }
            else
            {
                labels[i] = descriptions[i] = Text(array[i], $"labels[{i}]", limits);
            }
        }

        var duplicate = labels.GroupBy(l => l, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? (text, labels, descriptions) : throw Invalid($"'labels' names '{duplicate.Key}' more than once.");
    }

    private static string Text(JsonNode? node, string path, OnnxConnectorOptions limits)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            throw Invalid(path.StartsWith("labels[", StringComparison.Ordinal) && path.EndsWith(']')
                ? $"'{path}' must be a string or an object with a string 'label' (and optionally 'description')."
                : $"'{path}' must be a string.");
        }

        var text = value.GetValue<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            throw Invalid($"'{path}' is empty.");
        }

        return text.Length > limits.MaxCharsPerText
            ? throw Invalid($"'{path}' has {text.Length} characters; at most {limits.MaxCharsPerText} are accepted.")
            : text;
    }

    private static ConnectorException Invalid(string message) => new(OutcomeClass.InvalidRequest, message);
}
