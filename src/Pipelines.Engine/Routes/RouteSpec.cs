using Pipelines.Core.Definitions;

namespace Pipelines.Engine.Routes;

/// <summary>Where a route was declared: by the tenant through the API, or by the service's configuration.</summary>
public enum RouteOrigin
{
    Tenant,
    Configuration,
}

/// <summary>A route as the API body, a route file and configuration describe it.</summary>
public sealed record RouteSpec(string Name, string? Description, IReadOnlyList<string> Providers, RoutingPolicy Policy, StepConstraints Constraints);

/// <summary>A route the gateway can use, with its document when the tenant declared it (null for configuration routes).</summary>
public sealed record RouteEntry(RouteSpec Spec, RouteOrigin Origin, RouteDocument? Document)
{
    public string Name => Spec.Name;

    public static RouteEntry From(RouteDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new RouteEntry(
            new RouteSpec(document.Id, document.Description, document.Providers, document.Policy, document.Constraints), RouteOrigin.Tenant, document);
    }
}
