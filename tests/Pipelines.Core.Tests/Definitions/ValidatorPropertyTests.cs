using System.Text.Json.Nodes;
using CsCheck;
using Pipelines.Core.Definitions;
using Pipelines.Core.Definitions.Serialization;
using Pipelines.Core.Graph;
using Pipelines.Core.Tests.Support;

namespace Pipelines.Core.Tests.Definitions;

/// <summary>Mutates valid definitions at random; whatever comes out, validation answers with diagnostics and never throws.</summary>
public sealed class ValidatorPropertyTests
{
    // YamlDotNet parses a few MB/s on a small machine; these counts keep the whole Core run well under 20 s.
    private const int TextIterations = 1000;
    private const int TreeIterations = 400;

    private static readonly string[] Seeds =
    [
        .. RepoPaths.ExampleFiles().Select(File.ReadAllText),
        TestYaml.Valid,
        TestYaml.Pipeline("""
              f: { uses: foreach, items: "{{ inputs.text }}", step: { uses: transform, with: { v: "{{ item }}" } } }
              r: { uses: approval, needs: [f], with: { prompt: "ok?" }, timeout: 1h, onTimeout: fail }
            """, "outputs:\n  out: \"{{ steps.r.output.approved }}\"\nlayout:\n  f: { x: 1, y: 2 }"),
    ];

    private static readonly string[] Fragments =
    [
        "{{", "}}", "{{ steps.", "{{ inputs.text | join: }}", "{{ ((((( }}", "{{ item[index] }}", "{{ 'a' == }}", "!", "&&",
        "[", "]", "{", "}", ":", ": ", "- ", "&a ", "*a", "!!int ", "!!str ", "? ", "\n", "\t", "'", "\"", "|", ">-", "#", "---",
        "~", "<<: *a", "null", "true", "1e400", "-0", "0x", "needs", "uses: foreach", "steps:", "\uFEFF", "\u0000", "é", "\\",
    ];

    private static readonly string[] Keys =
    [
        "apiVersion", "kind", "id", "title", "inputs", "steps", "outputs", "layout", "defaults", "uses", "with", "needs", "if",
        "providers", "policy", "strategy", "swapOn", "weights", "timeout", "retries", "items", "step", "type", "default", "enum", "x",
    ];

    private static readonly Gen<string> Fragment = Gen.OneOf(Gen.String[0, 12], Gen.OneOf(Fragments));

    private static readonly Gen<JsonNode?> Scalar = Gen.OneOf<JsonNode?>(
        Fragment.Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.OneOf(Fragments).Select(s => (JsonNode?)JsonValue.Create("{{ steps.a.output." + s + " }}")),
        Gen.Int.Select(i => (JsonNode?)JsonValue.Create(i)),
        Gen.Double[-1e6, 1e6].Select(d => (JsonNode?)JsonValue.Create(d)),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Const((JsonNode?)null));

    private static readonly Gen<JsonNode?> Value = Gen.OneOf(
        Scalar,
        Scalar.Array[0, 3].Select(items => (JsonNode?)new JsonArray(items)),
        Gen.Select(Gen.OneOf(Keys), Scalar, (key, value) => (JsonNode?)new JsonObject { [key] = value }));

    [Fact]
    public void Validate_RandomTextEdits_NeverThrows()
    {
        // Arrange
        var edits = Gen.Select(Gen.Int[0, Seeds.Length - 1], Gen.Select(Gen.Int[0, 4], Gen.Int[0, 1_000_000], Gen.Int[0, 200], Fragment).Array[1, 6]);

        // Act
        // Assert
        edits.Sample(
            sample =>
            {
                var text = sample.Item2.Aggregate(Seeds[sample.Item1], (current, edit) => Edit(current, edit.Item1, edit.Item2, edit.Item3, edit.Item4));
                Exercise(text, DefinitionFormat.Yaml);
                Exercise(text, DefinitionFormat.Json);
            },
            iter: TextIterations);
    }

    [Fact]
    public void Validate_RandomTreeEdits_NeverThrows()
    {
        // Arrange
        var edits = Gen.Select(Gen.Int[0, Seeds.Length - 1], Gen.Select(Gen.Int[0, 3], Gen.Int[0, 1_000_000], Gen.Int[0, 1_000_000], Value).Array[1, 4]);
        var trees = Seeds.Select(s => DefinitionSerializer.ToJson(TestYaml.Validate(s).Definition!)).ToArray();

        // Act
        // Assert
        edits.Sample(
            sample =>
            {
                var root = JsonNode.Parse(trees[sample.Item1])!;
                foreach (var (kind, target, other, value) in sample.Item2)
                {
                    Mutate(root, kind, target, other, value);
                }

                Exercise(root.ToJsonString(), DefinitionFormat.Json);
                Exercise(YamlWriter.Write(root), DefinitionFormat.Yaml);
            },
            iter: TreeIterations);
    }

    [Fact]
    public void Validate_RandomStrings_NeverThrows()
    {
        // Arrange
        var texts = Gen.OneOf(Gen.String, Gen.OneOf(Fragments).Array[0, 40].Select(string.Concat));

        // Act
        // Assert
        texts.Sample(
            text =>
            {
                Exercise(text, DefinitionFormat.Yaml);
                Exercise(text, DefinitionFormat.Json);
            },
            iter: TextIterations);
    }

    // Everything the API and engine do with a definition after validation must be safe on what validation accepted.
    private static void Exercise(string text, DefinitionFormat format)
    {
        var result = new DefinitionValidator(new ValidationOptions(TestCatalog.Registered)).Validate(text, format);
        Assert.True(result.IsValid || result.Diagnostics.Count > 0);
        if (result.Definition is { } definition)
        {
            new DefinitionValidator().Validate(definition);
            DefinitionSerializer.ContentHash(definition);
            DefinitionSerializer.ToYaml(definition);
            DefinitionDiff.Compare(definition, TestYaml.Validate(TestYaml.Valid).Definition!);
            var graph = PipelineGraph.Build(definition);
            graph.ReadySteps(new HashSet<string>(graph.TopologicalOrder));
        }
    }

    private static string Edit(string text, int kind, int position, int length, string fragment)
    {
        var at = text.Length == 0 ? 0 : position % text.Length;
        var lines = text.Split('\n');
        var line = position % lines.Length;
        return kind switch
        {
            0 => text[..at],
            1 => text.Remove(at, Math.Min(length, text.Length - at)),
            2 => text.Insert(at, fragment),
            3 => string.Join('\n', lines.Take(line + 1).Append(lines[line]).Concat(lines.Skip(line + 1))),
            _ => string.Join('\n', lines.Select((l, i) => i == line ? fragment : l)),
        };
    }

    private static void Mutate(JsonNode root, int kind, int target, int other, JsonNode? value)
    {
        var nodes = Descendants(root).ToList();
        var (parent, key, index) = nodes[target % nodes.Count];
        var node = key is not null ? parent.AsObject()[key] : parent.AsArray()[index];
        switch (kind)
        {
            case 0 when key is not null:
                parent.AsObject().Remove(key);
                break;
            case 0:
                parent.AsArray().RemoveAt(index);
                break;
            case 1:
                Set(parent, key, index, value);
                break;
            case 2 when parent is JsonObject obj:
                obj[key + "-copy"] = node?.DeepClone();
                break;
            case 2:
                parent.AsArray().Add(node?.DeepClone());
                break;
            default:
                var (sourceParent, sourceKey, sourceIndex) = nodes[other % nodes.Count];
                var source = sourceKey is not null ? sourceParent.AsObject()[sourceKey] : sourceParent.AsArray()[sourceIndex];
                Set(parent, key, index, source?.DeepClone());
                break;
        }
    }

    private static void Set(JsonNode parent, string? key, int index, JsonNode? value)
    {
        if (key is not null)
        {
            parent.AsObject()[key] = value;
        }
        else
        {
            parent.AsArray()[index] = value;
        }
    }

    private static IEnumerable<(JsonNode Parent, string? Key, int Index)> Descendants(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    yield return (obj, key, -1);
                    if (child is not null)
                    {
                        foreach (var descendant in Descendants(child))
                        {
                            yield return descendant;
                        }
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    yield return (array, null, i);
                    if (array[i] is { } child)
                    {
                        foreach (var descendant in Descendants(child))
                        {
                            yield return descendant;
                        }
                    }
                }

                break;
        }
    }
}
