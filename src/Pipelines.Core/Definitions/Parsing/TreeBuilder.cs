using System.Text.Json.Nodes;

namespace Pipelines.Core.Definitions.Parsing;

/// <summary>
/// Assembles a JSON tree from reader events (YAML or JSON), recording positions, reporting duplicate keys, and giving up
/// when the tree grows deeper or larger than the limits allow.
/// </summary>
internal sealed class TreeBuilder(SourceMap map, List<Diagnostic> diagnostics)
{
    private readonly Stack<Frame> _frames = new();
    private int _nodes;
    private long _chars;

    public JsonNode? Root { get; private set; }

    public bool Aborted { get; private set; }

    /// <summary>True when the next scalar is a mapping key rather than a value.</summary>
    public bool ExpectsKey => _frames.TryPeek(out var frame) && frame.Node is JsonObject && !frame.HasKey;

    public void Key(string name, SourcePosition position)
    {
        var frame = _frames.Peek();
        var pointer = JsonPointer.Append(frame.Pointer, name);
        frame.HasKey = true;
        frame.PendingKey = name;
        CheckText(name, pointer, position);
        if (Count(name.Length, pointer, position) && ((JsonObject)frame.Node).ContainsKey(name))
        {
            // Keep the first value, but still read the second so the rest of the document is checked.
            frame.Discard = true;
            diagnostics.Add(new Diagnostic(
                DiagnosticCodes.DuplicateKey, $"Duplicate key '{name}'.", pointer, position.Line, position.Column));
            return;
        }

        map.AddKey(pointer, position);
    }

    /// <summary>The value after a key that could not be used is read but not kept.</summary>
    public void DiscardNextValue()
    {
        var frame = _frames.Peek();
        frame.HasKey = true;
        frame.Discard = true;
    }

    public void Value(JsonNode? value, SourcePosition position)
    {
        var pointer = Attach(value, position, 1);
        if (!Aborted && value is JsonValue scalar && scalar.TryGetValue<string>(out var text))
        {
            CheckText(text, pointer, position);
            Count(text.Length, pointer, position);
        }
    }

    /// <summary>A YAML alias: a copy of the anchored value, measured first so an alias bomb is refused before it is copied.</summary>
    public void Alias(JsonNode? source, SourcePosition position)
    {
        var (count, depth, chars) = source is null ? (1, 0, 0L) : Measure(source);
        if (_frames.Count + depth > DefinitionLimits.MaxDepth)
        {
            Abort($"Maps and lists are nested deeper than {DefinitionLimits.MaxDepth} levels.", CurrentPointer(), position);
            return;
        }

        if (_nodes + count > DefinitionLimits.MaxNodes)
        {
            Abort($"The document expands to more than {DefinitionLimits.MaxNodes} values.", CurrentPointer(), position);
            return;
        }

        if (Count(chars, CurrentPointer(), position))
        {
            Attach(source?.DeepClone(), position, count);
        }
    }

    public void StartContainer(JsonNode container, SourcePosition position)
    {
        var pointer = Attach(container, position, 1);
        if (Aborted)
        {
            return;
        }

        if (_frames.Count >= DefinitionLimits.MaxDepth)
        {
            Abort($"Maps and lists are nested deeper than {DefinitionLimits.MaxDepth} levels.", pointer, position);
            return;
        }

        _frames.Push(new Frame(container, pointer));
    }

    public void End() => _frames.Pop();

    private string Attach(JsonNode? value, SourcePosition position, int nodeCount)
    {
        _nodes += nodeCount;
        if (_frames.Count == 0)
        {
            Root = value;
            map.AddValue(JsonPointer.Root, position);
            return JsonPointer.Root;
        }

        var frame = _frames.Peek();
        string pointer;
        if (frame.Node is JsonArray array)
        {
            pointer = JsonPointer.Append(frame.Pointer, array.Count);
            array.Add(value);
        }
        else
        {
            pointer = JsonPointer.Append(frame.Pointer, frame.PendingKey ?? "");
            if (!frame.Discard)
            {
                ((JsonObject)frame.Node)[frame.PendingKey ?? ""] = value;
            }

            frame.HasKey = false;
            frame.Discard = false;
            frame.PendingKey = null;
        }

        map.AddValue(pointer, position);
        if (_nodes > DefinitionLimits.MaxNodes)
        {
            Abort($"The document expands to more than {DefinitionLimits.MaxNodes} values.", pointer, position);
        }

        return pointer;
    }

    /// <summary>
    /// Adds text to the expanded size and aborts past the limit: a small YAML text can alias one long string into
    /// gigabytes long before the node count notices. False when aborted.
    /// </summary>
    private bool Count(long chars, string pointer, SourcePosition position)
    {
        _chars += chars;
        if (_chars > DefinitionLimits.MaxExpandedChars)
        {
            Abort($"The document expands to more than {DefinitionLimits.MaxExpandedChars} characters of text.", pointer, position);
        }

        return !Aborted;
    }

    /// <summary>NUL cannot be stored (PostgreSQL jsonb refuses it) and an unpaired surrogate cannot be encoded.</summary>
    private void CheckText(string text, string pointer, SourcePosition position)
    {
        if (!IsStorable(text))
        {
            diagnostics.Add(new Diagnostic(
                DiagnosticCodes.InvalidText, "Text may not contain the NUL character or unpaired surrogates.", pointer, position.Line, position.Column));
        }
    }

    private static bool IsStorable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0' || char.IsLowSurrogate(c) || (char.IsHighSurrogate(c) && (++i == text.Length || !char.IsLowSurrogate(text[i]))))
            {
                return false;
            }
        }

        return true;
    }

    private void Abort(string message, string pointer, SourcePosition position)
    {
        Aborted = true;
        Root = null;
        diagnostics.Add(new Diagnostic(DiagnosticCodes.TooLarge, message, pointer, position.Line, position.Column));
    }

    /// <summary>The pointer of the map or list being filled.</summary>
    public string CurrentPointer() => _frames.TryPeek(out var frame) ? frame.Pointer : JsonPointer.Root;

    // Recursion is safe: every tree built here is at most MaxDepth deep.
    private static (int Count, int Depth, long Chars) Measure(JsonNode? node)
    {
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        var count = 1;
        var depth = 0;
        long chars = node is JsonValue value && value.TryGetValue<string>(out var text) ? text.Length : 0;
        if (node is JsonObject keyed)
        {
            chars += keyed.Sum(p => (long)p.Key.Length);
        }

        foreach (var child in children)
        {
            var (childCount, childDepth, childChars) = Measure(child);
            count += childCount;
            depth = Math.Max(depth, childDepth + 1);
            chars += childChars;
        }

        return (count, depth, chars);
    }

    private sealed class Frame(JsonNode node, string pointer)
    {
        public JsonNode Node { get; } = node;
        public string Pointer { get; } = pointer;
        public string? PendingKey { get; set; }
        public bool HasKey { get; set; }
        public bool Discard { get; set; }
    }
}
