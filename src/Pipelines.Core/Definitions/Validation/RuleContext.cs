using Pipelines.Core.Graph;

namespace Pipelines.Core.Definitions.Validation;

/// <summary>What every semantic rule reads: the definition, its graph, the sink, and the optional provider catalog.</summary>
internal sealed class RuleContext(PipelineDefinition definition, DiagnosticSink sink, IProviderCatalog? providers)
{
    public PipelineDefinition Definition => definition;

    public DiagnosticSink Sink => sink;

    public IProviderCatalog? Providers => providers;

    public PipelineGraph Graph { get; } = PipelineGraph.Build(definition);

    public void CheckDuration(string? value, string pointer)
    {
        if (value is not null && !Duration.TryParse(value, out _))
        {
            sink.Report(
                DiagnosticCodes.InvalidDuration,
                pointer,
                $"'{value}' is not a duration: write a whole number with ms, s, m or h (500ms, 30s, 2m), at most {Duration.Max.TotalHours}h.");
        }
    }

    public void CheckIdentifier(string value, string pointer, string what)
    {
        if (!DefinitionLimits.IsIdentifier(value))
        {
            sink.Report(
                DiagnosticCodes.InvalidIdentifier,
                pointer,
                $"'{value}' is not a valid {what}: use lowercase letters, digits, '-' and '_', starting with a letter, at most 63 characters.",
                atKey: true);
        }
    }

    public void CheckDuplicates<T>(IReadOnlyList<T> values, string pointer, string what)
    {
        var seen = new HashSet<T>();
        for (var i = 0; i < values.Count; i++)
        {
            if (!seen.Add(values[i]))
            {
                sink.Report(DiagnosticCodes.DuplicateEntry, JsonPointer.Append(pointer, i), $"{what} '{values[i]}' is listed twice.");
            }
        }
    }
}
