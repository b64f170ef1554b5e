using Pipelines.Api.Gateway;

namespace Pipelines.Api.Routing;

public static class ListRoutes
{
    public sealed record RouteView(string Name, IReadOnlyList<string> Providers, string Strategy, IReadOnlyList<string> SwapOn, string? Deadline);

    public static Ok<IReadOnlyList<RouteView>> Handle(GatewayRouteLookup routes) =>
        TypedResults.Ok<IReadOnlyList<RouteView>>([.. routes.Routes.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => new RouteView(
            r.Key,
            r.Value.Providers,
            (r.Value.Strategy ?? Pipelines.Core.Definitions.RoutingStrategy.Ordered).ToString(),
            [.. r.Value.SwapOn.Select(s => s.ToString())],
            r.Value.Deadline))]);
}
