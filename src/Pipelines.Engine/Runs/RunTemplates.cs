using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Pipelines.Core.Templates;

namespace Pipelines.Engine.Runs;

/// <summary>
/// Renders a definition's templates against run data. Templates were checked when the version was published, so a
/// parse here only fails for a definition that bypassed validation; parsed templates are cached by source.
/// </summary>
public static class RunTemplates
{
    private static readonly ConcurrentDictionary<string, Template> Templates = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, Template> Conditions = new(StringComparer.Ordinal);

    /// <summary>A single <c>{{ expression }}</c> keeps its type (a list stays a list); mixed text renders as a string.</summary>
    public static JsonNode? Render(string template, JsonObject data) =>
        Templates.GetOrAdd(template, Template.Parse).Evaluate(data);

    public static bool IsTrue(string condition, JsonObject data) =>
        Conditions.GetOrAdd(condition, ParseCondition).EvaluateBoolean(data);

    /// <summary>Renders every string of a step's <c>with</c>, at any depth; other values are copied as they are.</summary>
    public static JsonObject RenderObject(JsonObject? with, JsonObject data) =>
        with is null ? [] : (JsonObject)TemplateValues.Render(with, data)!;

    private static Template ParseCondition(string source) =>
        Template.TryParseCondition(source, out var template, out var error)
            ? template
            : throw new TemplateException(error.Message, error.Position);
}
