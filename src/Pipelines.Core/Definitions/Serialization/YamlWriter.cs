using System.Text.Json;
using System.Text.Json.Nodes;
using Pipelines.Core.Definitions.Parsing;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Pipelines.Core.Definitions.Serialization;

/// <summary>Writes a JSON tree as block YAML that reads back to the same tree.</summary>
internal static class YamlWriter
{
    public static string Write(JsonNode root)
    {
        using var writer = new StringWriter();
        var emitter = new Emitter(writer, new EmitterSettings(2, int.MaxValue, false, 1024, false, true, "\n", false));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        Emit(emitter, root);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, obj.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, value) in obj)
                {
                    emitter.Emit(String(key));
                    Emit(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                // Short lists of scalars (needs, providers) read best inline: [a, b].
                var flow = array.All(v => v is null or JsonValue);
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, flow ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in array)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case null:
                emitter.Emit(Plain("null"));
                break;
            default:
                emitter.Emit(node.GetValueKind() == JsonValueKind.String ? String(node.GetValue<string>()) : Plain(node.ToJsonString()));
                break;
        }
    }

    private static Scalar Plain(string text) => new(AnchorName.Empty, TagName.Empty, text, ScalarStyle.Plain, true, false);

    private static Scalar String(string text)
    {
        var style = YamlScalars.NeedsQuotes(text) ? ScalarStyle.DoubleQuoted
            : text.Contains('\n', StringComparison.Ordinal) ? ScalarStyle.Literal
            : ScalarStyle.Any;
        return new Scalar(AnchorName.Empty, TagName.Empty, text, style, true, true);
    }
}
