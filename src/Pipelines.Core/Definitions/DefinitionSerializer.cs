using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipelines.Core.Definitions.Serialization;

namespace Pipelines.Core.Definitions;

/// <summary>Writes definitions as JSON (the stored form) and YAML, and hashes their content.</summary>
public static class DefinitionSerializer
{
    public static string ToJson(PipelineDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return JsonSerializer.Serialize(definition, DefinitionJson.Options);
    }

    public static string ToYaml(PipelineDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return YamlWriter.Write(DefinitionJson.ToNode(definition));
    }

    /// <summary>Reads the stored JSON form back. For trusted text written by <see cref="ToJson"/>; validate user text instead.</summary>
    public static PipelineDefinition FromJson(string json) =>
        JsonSerializer.Deserialize<PipelineDefinition>(json, DefinitionJson.Options)
            ?? throw new JsonException("The JSON holds null, not a definition.");

    /// <summary>
    /// SHA-256 (lowercase hex) of the canonical JSON: keys sorted, no whitespace. Equal definitions hash equally however
    /// their text was ordered or formatted; the layout is included (docs/definitions.md).
    /// </summary>
    public static string ContentHash(PipelineDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var canonical = Canonical(DefinitionJson.ToNode(definition))!.ToJsonString();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Canonical)]),
        _ => node?.DeepClone(),
    };
}
