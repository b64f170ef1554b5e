using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipelines.Core.Definitions;

namespace Pipelines.Core.Templates;

/// <summary>The value semantics of templates: truthiness, equality, ordering and conversion to text.</summary>
public static class JsonValues
{
    // Rendered text goes to models and people, not into HTML, so non-ASCII characters stay readable.
    private static readonly JsonSerializerOptions TextOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>null, false, 0, "", [] and {} are false; everything else is true.</summary>
    public static bool IsTruthy(JsonNode? value) => value switch
    {
        null => false,
        JsonArray array => array.Count > 0,
        JsonObject obj => obj.Count > 0,
        _ => value.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.String => value.GetValue<string>().Length > 0,
            JsonValueKind.Number => !JsonNumbers.TryGetDouble(value, out var number) || number != 0,
            _ => false,
        },
    };

    /// <summary>Deep equality; numbers compare by value, so 1 equals 1.0.</summary>
    public static bool AreEqual(JsonNode? left, JsonNode? right)
    {
        if (JsonNumbers.TryGetDecimal(left, out var a) && JsonNumbers.TryGetDecimal(right, out var b))
        {
            return a == b;
        }

        return JsonNode.DeepEquals(left, right);
    }

    /// <summary>Orders two numbers or two strings (ordinal); null when they cannot be ordered.</summary>
    public static int? Compare(JsonNode? left, JsonNode? right)
    {
        if (JsonNumbers.TryGetDouble(left, out var a) && JsonNumbers.TryGetDouble(right, out var b))
        {
            return a.CompareTo(b);
        }

        if (left?.GetValueKind() == JsonValueKind.String && right?.GetValueKind() == JsonValueKind.String)
        {
            return Math.Sign(string.CompareOrdinal(left.GetValue<string>(), right.GetValue<string>()));
        }

        return null;
    }

    /// <summary>How a value reads inside text: strings as they are, null as nothing, lists and maps as JSON.</summary>
    public static string ToText(JsonNode? value) => value?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "",
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => ToJson(value),
    };

    public static string ToJson(JsonNode? value) => value?.ToJsonString(TextOptions) ?? "null";

    internal static JsonNode? Text(string text) => JsonValue.Create(text);

    internal static JsonNode? Number(long number) => JsonValue.Create(number);

    internal static JsonNode? Boolean(bool value) => JsonValue.Create(value);
}
