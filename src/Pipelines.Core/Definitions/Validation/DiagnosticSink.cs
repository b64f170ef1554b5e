using Pipelines.Core.Definitions.Parsing;

namespace Pipelines.Core.Definitions.Validation;

/// <summary>
/// Collects diagnostics and adds source positions. Below a value that was already reported as malformed while reading,
/// semantic rules stay quiet: a step whose <c>needs</c> is a number should not also get "unknown need" noise.
/// </summary>
internal sealed class DiagnosticSink(SourceMap? map)
{
    private readonly List<Diagnostic> _items = [];
    private readonly HashSet<string> _malformed = new(StringComparer.Ordinal);

    public IReadOnlyList<Diagnostic> Items => _items;

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics);

    /// <summary>A problem with the shape of the text (wrong type, unknown field, bad enum value).</summary>
    public void Malformed(string code, string pointer, string message, bool atKey = false)
    {
        _malformed.Add(pointer);
        Add(code, pointer, message, atKey);
    }

    /// <summary>A rule about the meaning of a well-formed value.</summary>
    public void Report(string code, string pointer, string message, bool atKey = false)
    {
        for (string? current = pointer; current is not null; current = JsonPointer.Parent(current))
        {
            if (_malformed.Contains(current))
            {
                return;
            }
        }

        Add(code, pointer, message, atKey);
    }

    private void Add(string code, string pointer, string message, bool atKey)
    {
        // With text but no position (an empty document), point at its start rather than nowhere.
        SourcePosition? position = map is null ? null : map.Locate(pointer, atKey) ?? new SourcePosition(1, 1);
        _items.Add(new Diagnostic(code, message, pointer, position?.Line, position?.Column));
    }
}
