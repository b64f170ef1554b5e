using Pipelines.Core.Definitions;

namespace Pipelines.Engine.Definitions;

/// <summary>Why a definition command did not apply; the API maps each to one HTTP status.</summary>
public enum DefinitionFailure
{
    None,
    NotFound,
    AlreadyExists,
    Archived,
    StaleETag,
    Syntax,
    Invalid,
}

public sealed record DefinitionOutcome<T>(T? Value, DefinitionFailure Failure, IReadOnlyList<Diagnostic> Diagnostics, string? Detail)
    where T : class
{
    public bool Succeeded => Failure == DefinitionFailure.None;

    public static DefinitionOutcome<T> Ok(T value) => new(value, DefinitionFailure.None, [], null);

    public static DefinitionOutcome<T> Fail(DefinitionFailure failure, string detail, IReadOnlyList<Diagnostic>? diagnostics = null) =>
        new(null, failure, diagnostics ?? [], detail);
}

/// <summary>A publish either froze a new version or found the draft unchanged since an existing one.</summary>
public sealed record PublishResult(PipelineVersionDocument Version, bool Created);
