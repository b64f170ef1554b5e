using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines.Core.Templates;

/// <summary>Renders the templates inside a structured value, such as a step's <c>with</c>.</summary>
public static class TemplateValues
{
    /// <summary>
    /// A copy of <paramref name="value"/> with every string rendered: a string that is one <c>{{ expression }}</c> takes
    /// the expression's value and type, other strings become text, and non-strings are copied as they are.
    /// </summary>
    /// <exception cref="TemplateException">A string is not a valid template (validation reports this beforehand).</exception>
    public static JsonNode? Render(JsonNode? value, JsonNode? runData) => value switch
    {
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, Render(p.Value, runData)))),
        JsonArray array => new JsonArray([.. array.Select(item => Render(item, runData))]),
        JsonValue when value.GetValueKind() == JsonValueKind.String => Template.Parse(value.GetValue<string>()) is { HasExpressions: true } template
            ? template.Evaluate(runData)
            : value.DeepClone(),
        _ => value?.DeepClone(),
    };
}
