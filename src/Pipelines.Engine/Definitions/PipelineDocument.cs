namespace Pipelines.Engine.Definitions;

/// <summary>
/// A pipeline's mutable head: its current draft and a pointer to its latest published version.
/// Stored per tenant; the draft text is kept as submitted so YAML comments survive a round trip.
/// </summary>
public sealed class PipelineDocument
{
    public required string Id { get; init; }

    public required string Title { get; set; }

    public required string DraftSource { get; set; }

    public required SourceFormat DraftFormat { get; set; }

    /// <summary>Canonical JSON of the draft model.</summary>
    public required string DraftJson { get; set; }

    public required string DraftHash { get; set; }

    /// <summary>Bumped on every draft change; the HTTP ETag is derived from it.</summary>
    public int DraftRevision { get; set; } = 1;

    public int? LatestVersion { get; set; }

    public string? LatestVersionHash { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? ArchivedAt { get; set; }

    /// <summary>Stored (not computed) so lists can filter on it in the database.</summary>
    public PipelineStatus Status { get; set; } = PipelineStatus.Draft;

    public string ETag => $"\"r{DraftRevision}-{DraftHash[..16]}\"";
}

public enum PipelineStatus
{
    Draft,
    Published,
    Archived,
}

/// <summary>How a definition's text was written; kept to return drafts in their own format.</summary>
public enum SourceFormat
{
    Yaml,
    Json,
}
