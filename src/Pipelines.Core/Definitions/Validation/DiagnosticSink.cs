using Pipelines.Core.Definitions.Parsing;

namespace Pipelines.Core.Definitions.Validation;

/// <summary>
/// Collects diagnostics and adds source positions. Below a value that was already reported as malformed while reading,
/// semantic rules stay quiet: a step whose <c>needs</c> is a number should not also get "unknown need" noise.
/// </summary>
internal sealed class DiagnosticSink(SourceMap? map)
{
    private readonly List<Diagnostic> _items = [];
    private readonly List<string> _malformed = [];

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
        if (!_malformed.Exists(m => pointer == m || pointer.StartsWith(m + "/", StringComparison.Ordinal)))
        {
            Add(code, pointer, message, atKey);
        }
    }

    private void Add(string code, string pointer, string message, bool atKey)
    {
        // With text but no position (an empty document), point at its start rather than nowhere.
        var position = map is null ? null : map.Locate(pointer, atKey) ?? new SourcePosition(1, 1);
        _items.Add(new Diagnostic(code, message, pointer, position?.Line, position?.Column));
    }
}
