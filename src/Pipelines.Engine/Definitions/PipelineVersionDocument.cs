namespace Pipelines.Engine.Definitions;

/// <summary>An immutable published version. Inserted once, never updated: the id makes a second insert fail.</summary>
public sealed class PipelineVersionDocument
{
    public required string Id { get; init; }

    public required string PipelineId { get; init; }

    public required int Version { get; init; }

    public required string Title { get; init; }

    public required string Source { get; init; }

    public required SourceFormat Format { get; init; }

    public required string Json { get; init; }

    public required string Hash { get; init; }

    public DateTimeOffset PublishedAt { get; init; }

    public required string PublishedBy { get; init; }

    public static string IdFor(string pipelineId, int version) => $"{pipelineId}@{version}";
}
