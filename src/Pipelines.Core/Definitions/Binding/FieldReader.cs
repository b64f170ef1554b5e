using System.Text.Json.Nodes;

namespace Pipelines.Core.Definitions.Binding;

/// <summary>Reads the named fields of one object, computing each field's pointer.</summary>
internal sealed class FieldReader(NodeReader reader, JsonObject obj, string pointer)
{
    public bool Has(string name) => obj[name] is not null;

    public JsonNode? Raw(string name) => obj[name];

    public string At(string name) => JsonPointer.Append(pointer, name);

    public string? String(string name) => reader.String(obj[name], At(name));

    public bool? Boolean(string name) => reader.Boolean(obj[name], At(name));

    public decimal? Number(string name) => reader.Number(obj[name], At(name));

    public int? Integer(string name) => reader.Integer(obj[name], At(name));

    public double? Coordinate(string name) => reader.Coordinate(obj[name], At(name));

    public TEnum? Enum<TEnum>(string name)
        where TEnum : struct, Enum => reader.Enum<TEnum>(obj[name], At(name));

    public IReadOnlyList<string> Strings(string name) => reader.Strings(obj[name], At(name));

    public IReadOnlyList<TEnum> Enums<TEnum>(string name)
        where TEnum : struct, Enum => reader.Enums<TEnum>(obj[name], At(name));

    public JsonObject? Object(string name) => obj[name] is null ? null : reader.Object(obj[name], At(name));

    public T? Nested<T>(string name, Func<JsonObject, string, T?> read)
        where T : class => Object(name) is { } nested ? read(nested, At(name)) : null;

    public Dictionary<string, T> Map<T>(string name, Func<JsonNode, string, T?> readValue)
        where T : class => reader.Map(obj[name], At(name), readValue);

    public Dictionary<string, decimal> Numbers(string name) => reader.Numbers(obj[name], At(name));

    /// <summary>Reports the field as missing when it is absent (or null); for fields the model gives a default.</summary>
    public void Require(string name)
    {
        if (obj[name] is null)
        {
            reader.Missing(pointer, name);
        }
    }
}
