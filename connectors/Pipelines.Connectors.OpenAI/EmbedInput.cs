using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines.Connectors.OpenAI;

/// <summary>
/// Reads an embed step's <c>with</c>, the same shape the ONNX connector reads (<c>{"input": "text"}</c> or
/// <c>{"input": ["a", "b"]}</c>), so that embed providers are interchangeable; every fault is an invalid request.
/// </summary>
public static class EmbedInput
{
    /// <summary>OpenAI's limit on inputs per embeddings request.</summary>
    public const int MaxTextsPerCall = 2048;

    /// <summary>The texts and whether a single string was given (the output then holds <c>vector</c>, else <c>vectors</c>).</summary>
    public static (string[] Texts, bool Single) From(JsonObject input)
    {
        ArgumentNullException.ThrowIfNull(input);
        switch (input["input"])
        {
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return ([Text(value, "input")], true);
            case JsonArray array:
                if (array.Count == 0)
                {
                    throw Invalid("'input' must hold at least one text.");
                }

                if (array.Count > MaxTextsPerCall)
                {
                    throw Invalid($"'input' holds {array.Count} texts; at most {MaxTextsPerCall} are accepted per call.");
                }

                return ([.. array.Select((item, i) => Text(item, $"input[{i}]"))], false);
            case null:
                throw Invalid("An embed step needs 'input': a string or an array of strings.");
            default:
                throw Invalid("'input' must be a string or an array of strings.");
        }
    }

    private static string Text(JsonNode? node, string path)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            throw Invalid($"'{path}' must be a string.");
        }

        var text = value.GetValue<string>();
        return string.IsNullOrWhiteSpace(text) ? throw Invalid($"'{path}' is empty.") : text;
    }

    private static ConnectorException Invalid(string message) => new(OutcomeClass.InvalidRequest, message);
}
