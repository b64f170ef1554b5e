using System.Text.Json;
using System.Text.Json.Nodes;
using Pipelines.Core.Templates;

namespace Pipelines.Core.Definitions.Validation;

/// <summary>
/// Parses every template (with strings, if, items, outputs) and checks each reference: the input, the step and its output
/// field exist, and the step is upstream, since otherwise its output would not be there when the template renders.
/// </summary>
internal static class TemplateRules
{
    private const string Variables = "inputs, steps, and inside a foreach item and index";

    public static void Check(RuleContext context)
    {
        foreach (var (id, step) in context.Definition.Steps)
        {
            var pointer = JsonPointer.Append("/steps", id);
            var scope = new TemplateScope(id, context.Graph.UpstreamOf(id), InsideForeach: false);
            CheckStep(context, step, pointer, scope);
            if (step.Kind == StepKind.Foreach && step.Step is { } inner)
            {
                CheckStep(context, inner, JsonPointer.Append(pointer, "step"), scope with { InsideForeach = true });
            }
        }

        var outputScope = new TemplateScope(null, null, InsideForeach: false);
        foreach (var (name, template) in context.Definition.Outputs)
        {
            CheckTemplate(context, template, JsonPointer.Append("/outputs", name), outputScope);
        }
    }

    private static void CheckStep(RuleContext context, StepDefinition step, string pointer, TemplateScope scope)
    {
        if (step.With is not null)
        {
            CheckValue(context, step.With, JsonPointer.Append(pointer, "with"), scope);
        }

        if (step.Condition is not null)
        {
            var at = JsonPointer.Append(pointer, "if");
            if (Parse(context, step.Condition, at, condition: true) is { } condition)
            {
                if (!condition.IsCondition)
                {
                    context.Sink.Report(
                        DiagnosticCodes.ConditionNotBoolean,
                        at,
                        "'if' must be one boolean expression (a comparison, &&, ||, !, true/false) or a path to run data judged by truthiness.");
                }

                CheckReferences(context, condition, at, scope);
            }
        }

        if (step.Items is not null)
        {
            var at = JsonPointer.Append(pointer, "items");
            if (Parse(context, step.Items, at, condition: false) is { } items)
            {
                if (!items.IsSingleExpression)
                {
                    context.Sink.Report(DiagnosticCodes.ItemsNotSingleExpression, at, "'items' must be one expression yielding a list, like \"{{ inputs.documents }}\".");
                }

                CheckReferences(context, items, at, scope);
            }
        }
    }

    // Strings anywhere inside 'with' (nested maps and lists too) may hold templates.
    private static void CheckValue(RuleContext context, JsonNode? value, string pointer, TemplateScope scope)
    {
        switch (value)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    CheckValue(context, child, JsonPointer.Append(pointer, key), scope);
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    CheckValue(context, array[i], JsonPointer.Append(pointer, i), scope);
                }

                break;
            case JsonValue when value.GetValueKind() == JsonValueKind.String:
                CheckTemplate(context, value.GetValue<string>(), pointer, scope);
                break;
        }
    }

    private static void CheckTemplate(RuleContext context, string text, string pointer, TemplateScope scope)
    {
        if (Parse(context, text, pointer, condition: false) is { } template)
        {
            CheckReferences(context, template, pointer, scope);
        }
    }

    private static Template? Parse(RuleContext context, string text, string pointer, bool condition)
    {
        if (text.Length > DefinitionLimits.MaxTemplateLength && (condition || text.Contains("{{", StringComparison.Ordinal)))
        {
            context.Sink.Report(
                DiagnosticCodes.TemplateTooLong, pointer, $"{text.Length} characters; templates are limited to {DefinitionLimits.MaxTemplateLength}.");
            return null;
        }

        var parsed = condition
            ? Template.TryParseCondition(text, out var template, out var error)
            : Template.TryParse(text, out template, out error);
        if (!parsed)
        {
            context.Sink.Report(DiagnosticCodes.TemplateSyntax, pointer, $"{error!.Message} (at character {error.Position + 1})");
        }

        return template;
    }

    private static void CheckReferences(RuleContext context, Template template, string pointer, TemplateScope scope)
    {
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var reference in template.References)
        {
            if (Problem(context, reference, scope) is { } problem && reported.Add(problem.Code + problem.Message))
            {
                context.Sink.Report(problem.Code, pointer, problem.Message);
            }
        }
    }

    private static (string Code, string Message)? Problem(RuleContext context, TemplateReference reference, TemplateScope scope)
    {
        var path = reference.Path;
        switch (reference.Root)
        {
            case "inputs" when path.Count > 0 && !context.Definition.Inputs.ContainsKey(path[0]):
                return (DiagnosticCodes.UnknownInputReference, $"'{reference}' refers to an input that is not declared: '{path[0]}'.");
            case "inputs":
                return null;
            case "steps":
                return StepProblem(context, reference, scope);
            case "item" or "index" when !scope.InsideForeach:
                return (DiagnosticCodes.UnknownVariable, $"'{reference.Root}' exists only in the step inside a foreach.");
            case "item" or "index":
                return null;
            default:
                return (DiagnosticCodes.UnknownVariable, $"Unknown variable '{reference.Root}'. Templates can use {Variables}.");
        }
    }

    private static (string Code, string Message)? StepProblem(RuleContext context, TemplateReference reference, TemplateScope scope)
    {
        var path = reference.Path;
        if (path.Count == 0)
        {
            return (DiagnosticCodes.UnknownStepReference, "Name the step: steps.<id>.output.");
        }

        var id = path[0];
        if (!context.Definition.Steps.TryGetValue(id, out var step))
        {
            return (DiagnosticCodes.UnknownStepReference, $"'{reference}' refers to a step that does not exist: '{id}'.");
        }

        if (id == scope.StepId || (scope.Upstream is not null && !scope.Upstream.Contains(id)))
        {
            return (DiagnosticCodes.StepNotUpstream, $"'{reference}' reads step '{id}', which this step does not need (directly or through its needs), so its output may not exist yet. Add '{id}' to needs.");
        }

        if (path.Count > 1 && path[1] != "output")
        {
            return (DiagnosticCodes.UnknownOutputField, $"'{reference}': a step exposes only 'output'.");
        }

        if (path.Count > 2 && StepKinds.OutputFieldsOf(step) is { } fields && !fields.Contains(path[2]))
        {
            var known = fields.Count == 0 ? "none" : string.Join(", ", fields);
            return (DiagnosticCodes.UnknownOutputField, $"'{reference}': {step.Uses} steps have no output field '{path[2]}' (fields: {known}).");
        }

        return null;
    }
}
