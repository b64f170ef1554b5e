using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines.Connectors;

/// <summary>Readers shared by the capability (de)serialisers; every fault is an invalid request naming the field.</summary>
internal static class ContractJson
{
    public static ConnectorException Invalid(string message) => new(OutcomeClass.InvalidRequest, message);

    public static string At(string path, string field) => path.Length == 0 ? field : $"{path}.{field}";

    public static string String(JsonNode? node, string path, bool allowEmpty = false)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            throw Invalid($"'{path}' must be a string.");
        }

        var text = value.GetValue<string>();
        return !allowEmpty && string.IsNullOrWhiteSpace(text) ? throw Invalid($"'{path}' is empty.") : text;
    }

    public static string? OptionalString(JsonNode? node, string path) => node is null ? null : String(node, path, allowEmpty: true);

    public static double? Number(JsonNode? node, string path) => node switch
    {
        null => null,
        // Parsed from text, values hold a JsonElement; built in code, an int or a long: read both through their JSON.
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture),
        _ => throw Invalid($"'{path}' must be a number."),
    };

    public static long? Integer(JsonNode? node, string path) => Number(node, path) switch
    {
        null => null,
        var n when n == Math.Floor(n.Value) && Math.Abs(n.Value) < 9e15 => (long)n.Value,
        _ => throw Invalid($"'{path}' must be an integer."),
    };

    public static bool? Boolean(JsonNode? node, string path) => node?.GetValueKind() switch
    {
        null => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Invalid($"'{path}' must be true or false."),
    };

    public static JsonObject? Object(JsonNode? node, string path) => node switch
    {
        null => null,
        JsonObject o => o,
        _ => throw Invalid($"'{path}' must be an object."),
    };

    public static JsonArray? Array(JsonNode? node, string path) => node switch
    {
        null => null,
        JsonArray a => a,
        _ => throw Invalid($"'{path}' must be an array."),
    };

    /// <summary>A copy of a caller's node, so records never share (and later mutate) a parent's tree.</summary>
    public static T? Copy<T>(T? node) where T : JsonNode => (T?)node?.DeepClone();

    public static JsonArray Numbers(float[] vector) => new([.. vector.Select(x => (JsonNode)JsonValue.Create(x))]);

    public static JsonObject? Usage(TokenUsage? usage) => usage is null
        ? null
        : new JsonObject { [CapabilityFields.UsageInput] = usage.InputTokens, [CapabilityFields.UsageOutput] = usage.OutputTokens };

    public static TokenUsage? ReadUsage(JsonNode? node) =>
        node is JsonObject usage
        && usage[CapabilityFields.UsageInput] is JsonValue input && input.TryGetValue<int>(out var i)
        && usage[CapabilityFields.UsageOutput] is JsonValue output && output.TryGetValue<int>(out var o)
            ? new TokenUsage(i, o)
            : null;
}
