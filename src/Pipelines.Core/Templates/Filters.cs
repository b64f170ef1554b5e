using System.Text.Json;
using System.Text.Json.Nodes;
using Pipelines.Core.Definitions;

namespace Pipelines.Core.Templates;

/// <summary>The filters templates may use. All are pure; none reaches anything but the values given.</summary>
internal static class Filters
{
    private static readonly Dictionary<string, Filter> All = new Filter[]
    {
        new("upper", 0, 0, ValueShape.String, (v, _) => JsonValues.Text(JsonValues.ToText(v).ToUpperInvariant())),
        new("lower", 0, 0, ValueShape.String, (v, _) => JsonValues.Text(JsonValues.ToText(v).ToLowerInvariant())),
        new("trim", 0, 0, ValueShape.String, (v, _) => JsonValues.Text(JsonValues.ToText(v).Trim())),
        new("json", 0, 0, ValueShape.String, (v, _) => JsonValues.Text(JsonValues.ToJson(v))),
        new("default", 1, 1, ValueShape.Any, (v, a) => IsBlank(v) ? a[0] : v),
        new("join", 0, 1, ValueShape.String, Join),
        new("length", 0, 0, ValueShape.Number, (v, _) => JsonValues.Number(Length(v))),
        new("first", 0, 0, ValueShape.Any, (v, _) => v is JsonArray { Count: > 0 } a ? a[0] : null),
        new("last", 0, 0, ValueShape.Any, (v, _) => v is JsonArray { Count: > 0 } a ? a[^1] : null),
        new("truncate", 1, 1, ValueShape.String, Truncate),
    }.ToDictionary(f => f.Name, StringComparer.Ordinal);

    public static IEnumerable<string> Names => All.Keys;

    public static bool TryGet(string name, out Filter filter) => All.TryGetValue(name, out filter!);

    private static bool IsBlank(JsonNode? value) =>
        value is null || (value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length == 0);

    private static JsonNode? Join(JsonNode? value, JsonNode?[] arguments)
    {
        var separator = arguments.Length > 0 ? JsonValues.ToText(arguments[0]) : ", ";
        return value is JsonArray array
            ? JsonValues.Text(string.Join(separator, array.Select(JsonValues.ToText)))
            : JsonValues.Text(JsonValues.ToText(value));
    }

    private static long Length(JsonNode? value) => value switch
    {
        JsonArray array => array.Count,
        JsonObject obj => obj.Count,
        null => 0,
        _ => JsonValues.ToText(value).Length,
    };

    private static JsonNode? Truncate(JsonNode? value, JsonNode?[] arguments)
    {
        var text = JsonValues.ToText(value);
        return JsonNumbers.TryGetInteger(arguments[0], out var length) && length >= 0 && length < text.Length
            ? JsonValues.Text(text[..length])
            : JsonValues.Text(text);
    }
}
