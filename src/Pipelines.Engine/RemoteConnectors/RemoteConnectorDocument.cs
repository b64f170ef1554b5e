namespace Pipelines.Engine.RemoteConnectors;

/// <summary>
/// A remote connector a tenant registered after it passed the conformance suite. Its id is the registered name, which
/// providers name as their <c>connector</c>. The manifest is kept as served, so a later protocol reading needs no migration.
/// </summary>
public sealed class RemoteConnectorDocument
{
    public required string Id { get; init; }

    public required string Url { get; init; }

    /// <summary>The manifest's own name (informative: the tenant chose <see cref="Id"/>).</summary>
    public required string ManifestName { get; init; }

    public required string Version { get; init; }

    public required string ManifestJson { get; init; }

    public required IReadOnlyList<string> Capabilities { get; init; }

    public required DateTimeOffset RegisteredAt { get; init; }

    /// <summary>The public id of the API key that registered it.</summary>
    public string? RegisteredBy { get; init; }
}
