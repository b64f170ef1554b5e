using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines.Core.Definitions;

/// <summary>Reads numbers out of JSON values whatever CLR type backs them (long, double, decimal, JsonElement).</summary>
internal static class JsonNumbers
{
    public static bool IsNumber(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.Number;

    public static bool TryGetDecimal(JsonNode? node, out decimal number)
    {
        number = 0;
        return IsNumber(node)
            && decimal.TryParse(node!.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }

    public static bool TryGetDouble(JsonNode? node, out double number)
    {
        number = 0;
        return IsNumber(node)
            && double.TryParse(node!.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number)
            && double.IsFinite(number);
    }

    public static bool TryGetInteger(JsonNode? node, out int number)
    {
        number = 0;
        if (!TryGetDecimal(node, out var value) || value != decimal.Truncate(value) || value is < int.MinValue or > int.MaxValue)
        {
            return false;
        }

        number = (int)value;
        return true;
    }

    /// <summary>A short description of a value's JSON type, for messages.</summary>
    public static string Describe(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.Object => "a map",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => "a boolean",
    };
}
