namespace Pipelines.Core.Definitions;

/// <summary>
/// The outcome of validating a definition text. <see cref="Definition"/> is a best-effort model whenever the text parsed;
/// only trust it when <see cref="IsValid"/>.
/// </summary>
public sealed record ValidationResult(PipelineDefinition? Definition, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool IsValid => Definition is not null && Diagnostics.Count == 0;

    /// <summary>True when the text is not YAML/JSON at all (the API answers 400 with the position).</summary>
    public bool IsSyntaxError => Diagnostics.Any(d => d.Code == DiagnosticCodes.Syntax);
}
