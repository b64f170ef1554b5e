using Pipelines.Core.Definitions;
using Pipelines.Engine.Routes;

namespace Pipelines.Api.Routing;

/// <summary>
/// A route as the API shows it. <see cref="Origin"/> says whether the tenant manages it (with who changed it last and
/// its <see cref="Version"/>, the ETag's number) or the service's configuration declares it (read-only).
/// </summary>
public sealed record RouteView(
    string Name,
    string? Description,
    IReadOnlyList<string> Providers,
    RoutingPolicy Policy,
    StepConstraints Constraints,
    RouteOrigin Origin,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    string? UpdatedBy,
    int? Version)
{
    public static RouteView From(RouteEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var (spec, document) = (entry.Spec, entry.Document);
        return new RouteView(
            spec.Name, spec.Description, spec.Providers, spec.Policy, spec.Constraints, entry.Origin,
            document?.CreatedAt, document?.UpdatedAt, document?.UpdatedBy, document?.Revision);
    }
}

/// <summary>The body of create and update (documentation of <c>application/json</c>; <c>apiVersion</c> and <c>kind: Route</c> are optional).</summary>
public sealed record RouteRequestBody(
    string Name, string? Description, IReadOnlyList<string> Providers, RoutingPolicy? Policy, StepConstraints? Constraints, string? ApiVersion, string? Kind);
