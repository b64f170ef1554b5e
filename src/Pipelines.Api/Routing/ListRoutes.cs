using System.Security.Claims;
using Pipelines.Api.Auth;
using Pipelines.Api.Gateway;

namespace Pipelines.Api.Routing;

public static class ListRoutes
{
    /// <summary>The routes the tenant's gateway requests can name: its own and the configuration's, each with its origin.</summary>
    public static async Task<Ok<IReadOnlyList<RouteView>>> HandleAsync(ClaimsPrincipal user, GatewayRouteLookup routes, CancellationToken cancellationToken) =>
        TypedResults.Ok<IReadOnlyList<RouteView>>([.. (await routes.ListAsync(user.TenantId(), cancellationToken)).Select(RouteView.From)]);
}
