using Pipelines.Api.Gateway;
using Pipelines.Core.Definitions;

namespace Pipelines.Api.Routing;

public static class ListRoutes
{
    public sealed record RouteView(string Name, IReadOnlyList<string> Providers, RoutingStrategy Strategy, IReadOnlyList<SwapReason> SwapOn, string? Deadline);

    public static Ok<IReadOnlyList<RouteView>> Handle(GatewayRouteLookup routes) =>
        TypedResults.Ok<IReadOnlyList<RouteView>>([.. routes.Routes.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => new RouteView(
            r.Key, r.Value.Providers, r.Value.Strategy ?? RoutingStrategy.Ordered, r.Value.SwapOn, r.Value.Deadline))]);
}
