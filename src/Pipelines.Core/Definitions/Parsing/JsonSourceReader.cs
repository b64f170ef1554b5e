using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines.Core.Definitions.Parsing;

/// <summary>Reads JSON token by token, so duplicate keys are reported and every value gets its line and column.</summary>
internal static class JsonSourceReader
{
    // Deeper than the tree builder's limit, so nesting is reported as too deep rather than as a syntax error.
    private const int ReaderMaxDepth = DefinitionLimits.MaxDepth * 4;

    public static ParsedSource Read(string text)
    {
        var map = new SourceMap();
        var diagnostics = new List<Diagnostic>();
        var builder = new TreeBuilder(map, diagnostics);
        var bytes = Encoding.UTF8.GetBytes(text);
        var lines = new LineIndex(bytes);
        var position = new SourcePosition(1, 1);
        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = ReaderMaxDepth });
            while (!builder.Aborted && reader.Read())
            {
                position = lines.PositionOf(reader.TokenStartIndex);
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        builder.StartContainer(new JsonObject(), position);
                        break;
                    case JsonTokenType.StartArray:
                        builder.StartContainer(new JsonArray(), position);
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        builder.End();
                        break;
                    case JsonTokenType.PropertyName:
                        builder.Key(reader.GetString()!, position);
                        break;
                    case JsonTokenType.String:
                        builder.Value(JsonValue.Create(reader.GetString()), position);
                        break;
                    case JsonTokenType.Number:
                        // Parsing the raw token keeps the number's text exactly as written.
                        builder.Value(JsonNode.Parse(reader.ValueSpan), position);
                        break;
                    case JsonTokenType.True or JsonTokenType.False:
                        builder.Value(JsonValue.Create(reader.GetBoolean()), position);
                        break;
                    case JsonTokenType.Null:
                        builder.Value(null, position);
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0) + 1;
            var column = (int)(ex.BytePositionInLine ?? 0) + 1;
            diagnostics.Add(new Diagnostic(DiagnosticCodes.Syntax, CleanMessage(ex.Message), JsonPointer.Root, line, column));
            return new ParsedSource(null, map, diagnostics);
        }

        catch (InvalidOperationException)
        {
            // Decoding an escaped unpaired surrogate (\ud800) fails only when the string is read.
            diagnostics.Add(new Diagnostic(
                DiagnosticCodes.InvalidText, "Text may not contain unpaired surrogates.", builder.CurrentPointer(), position.Line, position.Column));
            return new ParsedSource(null, map, diagnostics);
        }

        return new ParsedSource(builder.Root, map, diagnostics);
    }

    // System.Text.Json appends " LineNumber: 0 | BytePositionInLine: 3."; the position is reported separately.
    private static string CleanMessage(string message)
    {
        var index = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return index > 0 ? message[..index] : message;
    }

    /// <summary>
    /// Turns byte offsets into 1-based line and character columns. Tokens arrive in order, so each column is counted on
    /// from the previous one: minified JSON is a single line, and recounting from its start would be quadratic.
    /// </summary>
    private sealed class LineIndex
    {
        private readonly byte[] _bytes;
        private readonly List<int> _lineStarts = [0];
        private int _lastLine;
        private int _lastOffset;
        private int _lastColumn = 1;

        public LineIndex(byte[] bytes)
        {
            _bytes = bytes;
            for (var i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] == (byte)'\n')
                {
                    _lineStarts.Add(i + 1);
                }
            }
        }

        public SourcePosition PositionOf(long tokenOffset)
        {
            var offset = (int)tokenOffset;
            var index = _lineStarts.BinarySearch(offset);
            var line = index >= 0 ? index : ~index - 1;
            if (line != _lastLine || offset < _lastOffset)
            {
                _lastLine = line;
                _lastOffset = _lineStarts[line];
                _lastColumn = 1;
            }

            _lastColumn += Encoding.UTF8.GetCharCount(_bytes, _lastOffset, offset - _lastOffset);
            _lastOffset = offset;
            return new SourcePosition(line + 1, _lastColumn);
        }
    }
}
