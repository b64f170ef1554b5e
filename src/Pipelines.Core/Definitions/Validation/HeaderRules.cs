namespace Pipelines.Core.Definitions.Validation;

/// <summary>Top-level fields, limits, outputs and layout.</summary>
internal static class HeaderRules
{
    public static void Check(RuleContext context)
    {
        var definition = context.Definition;
        var sink = context.Sink;
        if (definition.ApiVersion != PipelineDefinition.CurrentApiVersion)
        {
            sink.Report(DiagnosticCodes.InvalidValue, "/apiVersion", $"apiVersion must be '{PipelineDefinition.CurrentApiVersion}'.");
        }

        if (definition.Kind != PipelineDefinition.PipelineKind)
        {
            sink.Report(DiagnosticCodes.InvalidValue, "/kind", $"kind must be '{PipelineDefinition.PipelineKind}'.");
        }

        if (string.IsNullOrEmpty(definition.Id))
        {
            sink.Report(DiagnosticCodes.MissingField, "/id", "'id' is required.");
        }
        else
        {
            context.CheckIdentifier(definition.Id, "/id", "pipeline id");
        }

        if (string.IsNullOrWhiteSpace(definition.Title))
        {
            sink.Report(DiagnosticCodes.MissingField, "/title", "'title' is required.");
        }

        if (definition.Steps.Count == 0)
        {
            sink.Report(DiagnosticCodes.MissingField, "/steps", "At least one step is required.");
        }
        else if (definition.Steps.Count > DefinitionLimits.MaxSteps)
        {
            sink.Report(
                DiagnosticCodes.TooManySteps, "/steps", $"{definition.Steps.Count} steps; at most {DefinitionLimits.MaxSteps} are allowed.");
        }

        foreach (var name in definition.Outputs.Keys)
        {
            context.CheckIdentifier(name, JsonPointer.Append("/outputs", name), "output name");
        }

        foreach (var step in definition.Layout.Keys.Where(s => !definition.Steps.ContainsKey(s)))
        {
            sink.Report(
                DiagnosticCodes.UnknownLayoutStep, JsonPointer.Append("/layout", step), $"The layout places '{step}', which is not a step.", atKey: true);
        }
    }
}
