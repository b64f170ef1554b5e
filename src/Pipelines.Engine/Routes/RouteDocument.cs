using Pipelines.Core.Definitions;

namespace Pipelines.Engine.Routes;

/// <summary>
/// A gateway route a tenant manages through the API (conjoined tenancy): the name an OpenAI client sends as its
/// <c>model</c>, the providers it may use and the same policy and constraints a pipeline step declares.
/// </summary>
public sealed class RouteDocument
{
    /// <summary>The route name.</summary>
    public required string Id { get; init; }

    public string? Description { get; set; }

    public List<string> Providers { get; set; } = [];

    public RoutingPolicy Policy { get; set; } = new();

    public StepConstraints Constraints { get; set; } = new();

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The key id (<c>key_…</c>) that last created or changed the route: who changed it, until an audit log exists.</summary>
    public required string UpdatedBy { get; set; }

    /// <summary>Bumped on every change; the HTTP ETag derives from it.</summary>
    public int Revision { get; set; } = 1;

    public string ETag => $"\"v{Revision}\"";
}
