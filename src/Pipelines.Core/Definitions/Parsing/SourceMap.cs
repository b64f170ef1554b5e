namespace Pipelines.Core.Definitions.Parsing;

/// <summary>Where each value (and each mapping key) starts in the source text, by JSON pointer.</summary>
internal sealed class SourceMap
{
    private readonly Dictionary<string, SourcePosition> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SourcePosition> _keys = new(StringComparer.Ordinal);

    public void AddValue(string pointer, SourcePosition position) => _values.TryAdd(pointer, position);

    public void AddKey(string pointer, SourcePosition position) => _keys.TryAdd(pointer, position);

    /// <summary>
    /// The position of the pointer's key or value. For an absent pointer (a missing field) it is the nearest present
    /// ancestor, at its key when it has one: "a:" rather than the first field below it.
    /// </summary>
    public SourcePosition? Locate(string pointer, bool atKey)
    {
        if (atKey && _keys.TryGetValue(pointer, out var key))
        {
            return key;
        }

        if (_values.TryGetValue(pointer, out var value))
        {
            return value;
        }

        for (var ancestor = JsonPointer.Parent(pointer); ancestor is not null; ancestor = JsonPointer.Parent(ancestor))
        {
            if (_keys.TryGetValue(ancestor, out var ancestorKey) || _values.TryGetValue(ancestor, out ancestorKey))
            {
                return ancestorKey;
            }
        }

        return null;
    }
}

internal readonly record struct SourcePosition(int Line, int Column);
