using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Pipelines.Core.Definitions.Serialization;

/// <summary>The System.Text.Json settings of the stored form: camelCase, nulls and empty lists and maps left out.</summary>
internal static class DefinitionJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
        IndentSize = 2,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OmitEmptyCollections } },
    };

    public static JsonObject ToNode(PipelineDefinition definition) =>
        JsonSerializer.SerializeToNode(definition, Options)!.AsObject();

    // A non-nullable collection that is empty reads back as empty, so writing it adds only noise ("needs: []").
    // Nullable ones (with, enum) keep an empty value, because there empty and absent mean different things.
    private static void OmitEmptyCollections(JsonTypeInfo typeInfo)
    {
        var nullability = new NullabilityInfoContext();
        foreach (var property in typeInfo.Properties)
        {
            if (property.AttributeProvider is PropertyInfo info
                && info.PropertyType != typeof(string)
                && !typeof(JsonNode).IsAssignableFrom(info.PropertyType)
                && typeof(System.Collections.IEnumerable).IsAssignableFrom(info.PropertyType)
                && nullability.Create(info).ReadState == NullabilityState.NotNull)
            {
                property.ShouldSerialize = (_, value) => value is not System.Collections.ICollection { Count: 0 };
            }
        }
    }
}
