using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Pipelines.Core.Definitions.Parsing;

/// <summary>Reads YAML through YamlDotNet's event parser, which gives every node its line and column.</summary>
internal static class YamlSourceReader
{
    public static ParsedSource Read(string text)
    {
        var map = new SourceMap();
        var diagnostics = new List<Diagnostic>();
        var builder = new TreeBuilder(map, diagnostics);
        var anchors = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var last = new SourcePosition(1, 1);
        var complexKeyDepth = 0;
        var documents = 0;
        try
        {
            var parser = new Parser(new StringReader(text));
            while (!builder.Aborted && parser.MoveNext())
            {
                var current = parser.Current!;
                var position = last = new SourcePosition((int)current.Start.Line, (int)current.Start.Column);
                if (complexKeyDepth > 0)
                {
                    complexKeyDepth += current.NestingIncrease;
                    if (complexKeyDepth == 0)
                    {
                        builder.DiscardNextValue();
                    }

                    continue;
                }

                if (current is DocumentStart && ++documents > 1)
                {
                    diagnostics.Add(Syntax("Only one YAML document is allowed.", position));
                    return new ParsedSource(null, map, diagnostics);
                }

                if (builder.ExpectsKey && current is MappingStart or SequenceStart or AnchorAlias)
                {
                    diagnostics.Add(new Diagnostic(
                        DiagnosticCodes.WrongType, "Mapping keys must be plain strings.", builder.CurrentPointer(), position.Line, position.Column));
                    complexKeyDepth = current.NestingIncrease;
                    if (complexKeyDepth == 0)
                    {
                        builder.DiscardNextValue();
                    }

                    continue;
                }

                switch (current)
                {
                    case Scalar scalar when builder.ExpectsKey:
                        builder.Key(scalar.Value, position);
                        break;
                    case Scalar scalar:
                        var value = YamlScalars.Resolve(scalar);
                        Remember(anchors, scalar, value);
                        builder.Value(value, position);
                        break;
                    case MappingStart mapping:
                        var obj = new JsonObject();
                        Remember(anchors, mapping, obj);
                        builder.StartContainer(obj, position);
                        break;
                    case SequenceStart sequence:
                        var array = new JsonArray();
                        Remember(anchors, sequence, array);
                        builder.StartContainer(array, position);
                        break;
                    case MappingEnd or SequenceEnd:
                        builder.End();
                        break;
                    case AnchorAlias alias when anchors.TryGetValue(alias.Value.Value, out var anchored):
                        builder.Alias(anchored, position);
                        break;
                    case AnchorAlias alias:
                        diagnostics.Add(Syntax($"Unknown alias '*{alias.Value.Value}'.", position));
                        return new ParsedSource(null, map, diagnostics);
                }
            }
        }
        catch (YamlException ex)
        {
            var at = ex.Start.Line > 0 ? new SourcePosition((int)ex.Start.Line, (int)ex.Start.Column) : last;
            diagnostics.Add(Syntax(CleanMessage(ex.Message), at));
            return new ParsedSource(null, map, diagnostics);
        }
#pragma warning disable CA1031 // YamlDotNet also throws InvalidOperationException and others on some malformed input.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            diagnostics.Add(Syntax($"Invalid YAML near here ({ex.GetType().Name}).", last));
            return new ParsedSource(null, map, diagnostics);
        }

        return new ParsedSource(builder.Root, map, diagnostics);
    }

    private static void Remember(Dictionary<string, JsonNode?> anchors, NodeEvent node, JsonNode? value)
    {
        if (!node.Anchor.IsEmpty)
        {
            anchors[node.Anchor.Value] = value;
        }
    }

    private static Diagnostic Syntax(string message, SourcePosition at) =>
        new(DiagnosticCodes.Syntax, message, JsonPointer.Root, at.Line, at.Column);

    // YamlDotNet prefixes messages with "(Line: 1, Col: 2, Idx: 3) - (...): "; the position is reported separately.
    private static string CleanMessage(string message)
    {
        var index = message.IndexOf("): ", StringComparison.Ordinal);
        return index >= 0 && message.StartsWith('(') ? message[(index + 3)..] : message;
    }
}
