using System.Text.Json;
using System.Text.Json.Nodes;
using Pipelines.Core.Definitions.Validation;

namespace Pipelines.Core.Definitions.Binding;

/// <summary>Typed reads of fields from a JSON tree; each wrong shape is reported and read as absent.</summary>
internal sealed class NodeReader(DiagnosticSink sink)
{
    /// <summary>Reports fields outside <paramref name="known"/>, then yields a reader for the object's fields.</summary>
    public FieldReader Fields(JsonObject obj, string pointer, IReadOnlySet<string> known)
    {
        foreach (var (name, _) in obj)
        {
            if (!known.Contains(name))
            {
                sink.Malformed(
                    DiagnosticCodes.UnknownField,
                    JsonPointer.Append(pointer, name),
                    $"Unknown field '{name}'. Expected one of: {string.Join(", ", known)}.",
                    atKey: true);
            }
        }

        return new FieldReader(this, obj, pointer);
    }

    public JsonObject? Object(JsonNode? node, string pointer) => Expect<JsonObject>(node, pointer, "a map");

    public string? String(JsonNode? node, string pointer) =>
        node is null ? null : Expect<JsonValue>(node, pointer, "a string", JsonValueKind.String)?.GetValue<string>();

    public bool? Boolean(JsonNode? node, string pointer) =>
        node?.GetValueKind() switch
        {
            null => null,
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => WrongType<bool?>(node, pointer, "a boolean"),
        };

    public decimal? Number(JsonNode? node, string pointer)
    {
        if (node is null)
        {
            return null;
        }

        if (!JsonNumbers.IsNumber(node))
        {
            return WrongType<decimal?>(node, pointer, "a number");
        }

        if (!JsonNumbers.TryGetDecimal(node, out var number))
        {
            sink.Malformed(DiagnosticCodes.OutOfRange, pointer, $"The number {node.ToJsonString()} is out of range.");
            return null;
        }

        return number;
    }

    public int? Integer(JsonNode? node, string pointer)
    {
        if (node is null)
        {
            return null;
        }

        if (JsonNumbers.TryGetInteger(node, out var integer))
        {
            return integer;
        }

        if (JsonNumbers.TryGetDecimal(node, out var number) && number == decimal.Truncate(number))
        {
            sink.Malformed(DiagnosticCodes.OutOfRange, pointer, $"The number {node.ToJsonString()} is out of range.");
            return null;
        }

        var found = JsonNumbers.IsNumber(node) ? node.ToJsonString() : JsonNumbers.Describe(node);
        sink.Malformed(DiagnosticCodes.WrongType, pointer, $"Expected a whole number, found {found}.");
        return null;
    }

    public double? Coordinate(JsonNode? node, string pointer)
    {
        if (node is null)
        {
            return null;
        }

        if (JsonNumbers.TryGetDouble(node, out var number))
        {
            return number;
        }

        if (JsonNumbers.IsNumber(node))
        {
            sink.Malformed(DiagnosticCodes.OutOfRange, pointer, $"The number {node.ToJsonString()} is out of range.");
            return null;
        }

        return WrongType<double?>(node, pointer, "a number");
    }

    public TEnum? Enum<TEnum>(JsonNode? node, string pointer)
        where TEnum : struct, Enum
    {
        var name = String(node, pointer);
        if (name is null)
        {
            return null;
        }

        if (WireNames<TEnum>.TryParse(name, out var value))
        {
            return value;
        }

        sink.Malformed(
            DiagnosticCodes.InvalidValue,
            pointer,
            $"'{name}' is not allowed here. Expected one of: {string.Join(", ", WireNames<TEnum>.All)}.");
        return null;
    }

    public IReadOnlyList<T> List<T>(JsonNode? node, string pointer, Func<JsonNode, string, T?> readItem)
        where T : class =>
        [.. Items(node, pointer).Select(e => readItem(e.Node, e.Pointer)).OfType<T>()];

    public IReadOnlyList<string> Strings(JsonNode? node, string pointer) => List(node, pointer, String);

    public IReadOnlyList<TEnum> Enums<TEnum>(JsonNode? node, string pointer)
        where TEnum : struct, Enum =>
        [.. Items(node, pointer).Select(e => Enum<TEnum>(e.Node, e.Pointer)).OfType<TEnum>()];

    public Dictionary<string, T> Map<T>(JsonNode? node, string pointer, Func<JsonNode, string, T?> readValue)
        where T : class =>
        Entries(node, pointer)
            .Select(e => (e.Key, Value: readValue(e.Node, e.Pointer)))
            .Where(e => e.Value is not null)
            .ToDictionary(e => e.Key, e => e.Value!, StringComparer.Ordinal);

    public Dictionary<string, decimal> Numbers(JsonNode? node, string pointer) =>
        Entries(node, pointer)
            .Select(e => (e.Key, Value: Number(e.Node, e.Pointer)))
            .Where(e => e.Value is not null)
            .ToDictionary(e => e.Key, e => e.Value!.Value, StringComparer.Ordinal);

    public void Missing(string pointer, string name) =>
        sink.Malformed(DiagnosticCodes.MissingField, JsonPointer.Append(pointer, name), $"'{name}' is required.");

    private IEnumerable<(JsonNode Node, string Pointer)> Items(JsonNode? node, string pointer)
    {
        if (node is null || Expect<JsonArray>(node, pointer, "a list") is not { } array)
        {
            yield break;
        }

        for (var i = 0; i < array.Count; i++)
        {
            var itemPointer = JsonPointer.Append(pointer, i);
            if (array[i] is { } item)
            {
                yield return (item, itemPointer);
            }
            else
            {
                sink.Malformed(DiagnosticCodes.WrongType, itemPointer, "List entries cannot be null.");
            }
        }
    }

    private IEnumerable<(string Key, JsonNode Node, string Pointer)> Entries(JsonNode? node, string pointer)
    {
        if (node is null || Object(node, pointer) is not { } obj)
        {
            yield break;
        }

        foreach (var (key, value) in obj)
        {
            var entryPointer = JsonPointer.Append(pointer, key);
            if (value is not null)
            {
                yield return (key, value, entryPointer);
            }
            else
            {
                sink.Malformed(DiagnosticCodes.WrongType, entryPointer, $"'{key}' has no value.");
            }
        }
    }

    private T? Expect<T>(JsonNode? node, string pointer, string expected, JsonValueKind? kind = null)
        where T : JsonNode
    {
        if (node is T typed && (kind is null || node.GetValueKind() == kind))
        {
            return typed;
        }

        return WrongType<T>(node, pointer, expected);
    }

    private T? WrongType<T>(JsonNode? node, string pointer, string expected)
    {
        sink.Malformed(DiagnosticCodes.WrongType, pointer, $"Expected {expected}, found {JsonNumbers.Describe(node)}.");
        return default;
    }
}
