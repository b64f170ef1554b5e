using System.Text.Json;
using Pipelines.Engine.Definitions;

namespace Pipelines.Api.Definitions;

public sealed record PipelineSummary(
    string Id, string Title, PipelineStatus Status, int? LatestVersion, DateTimeOffset UpdatedAt)
{
    public static PipelineSummary From(PipelineDocument d) => new(d.Id, d.Title, d.Status, d.LatestVersion, d.UpdatedAt);
}

public sealed record PipelineView(
    string Id,
    string Title,
    PipelineStatus Status,
    string ETag,
    int DraftRevision,
    int? LatestVersion,
    bool DraftMatchesLatestVersion,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ArchivedAt,
    JsonElement Definition)
{
    public static PipelineView From(PipelineDocument d) => new(
        d.Id, d.Title, d.Status, d.ETag, d.DraftRevision, d.LatestVersion, d.LatestVersionHash == d.DraftHash,
        d.CreatedAt, d.UpdatedAt, d.ArchivedAt, JsonSerializer.Deserialize<JsonElement>(d.DraftJson));
}

public sealed record VersionSummary(int Version, string Title, string Hash, DateTimeOffset PublishedAt, string PublishedBy)
{
    public static VersionSummary From(PipelineVersionDocument v) => new(v.Version, v.Title, v.Hash, v.PublishedAt, v.PublishedBy);
}

public sealed record VersionView(
    string PipelineId, int Version, string Title, string Hash, DateTimeOffset PublishedAt, string PublishedBy, JsonElement Definition)
{
    public static VersionView From(PipelineVersionDocument v) => new(
        v.PipelineId, v.Version, v.Title, v.Hash, v.PublishedAt, v.PublishedBy, JsonSerializer.Deserialize<JsonElement>(v.Json));
}
