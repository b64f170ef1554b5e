using Pipelines.Core.Definitions;

namespace Pipelines.Engine.Runs;

public enum StartRunFailure
{
    None,
    PipelineNotFound,
    VersionNotFound,
    NotPublished,
    Archived,
    InvalidInputs,
}

/// <summary>A started (or, for a repeated idempotency key, the existing) run, or why none was started.</summary>
public sealed record StartRunOutcome(RunSummary? Run, bool Existing, StartRunFailure Failure, string? Detail, IReadOnlyList<Diagnostic> Diagnostics)
{
    public static StartRunOutcome Started(RunSummary run, bool existing) => new(run, existing, StartRunFailure.None, null, []);

    public static StartRunOutcome Fail(StartRunFailure failure, string detail, IReadOnlyList<Diagnostic>? diagnostics = null) =>
        new(null, false, failure, detail, diagnostics ?? []);
}
