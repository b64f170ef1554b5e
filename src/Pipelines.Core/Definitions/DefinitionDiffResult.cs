namespace Pipelines.Core.Definitions;

/// <summary>
/// What changed between two definitions. Paths are dotted (<c>steps.macro.providers</c>, <c>inputs.headline.maxLength</c>);
/// values are JSON text, null where the field is absent on that side. Lists compare as whole values.
/// </summary>
public sealed record DefinitionDiffResult(
    IReadOnlyList<string> StepsAdded,
    IReadOnlyList<string> StepsRemoved,
    IReadOnlyList<StepChange> StepsChanged,
    IReadOnlyList<FieldChange> Changes)
{
    public bool HasChanges => StepsAdded.Count + StepsRemoved.Count + StepsChanged.Count + Changes.Count > 0;
}

/// <summary>The changed fields of a step present on both sides.</summary>
public sealed record StepChange(string StepId, IReadOnlyList<FieldChange> Changes);

public sealed record FieldChange(string Path, string? OldValue, string? NewValue);
