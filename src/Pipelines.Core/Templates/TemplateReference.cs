namespace Pipelines.Core.Templates;

/// <summary>
/// A path a template reads, e.g. <c>steps.a.output.label</c>: its root variable and the member names that follow,
/// up to the first computed or numeric index.
/// </summary>
public sealed record TemplateReference(string Root, IReadOnlyList<string> Path, int Position)
{
    public override string ToString() => Path.Count == 0 ? Root : Root + "." + string.Join('.', Path);
}
