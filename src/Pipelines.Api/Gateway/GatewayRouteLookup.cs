using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Pipelines.Routing;

namespace Pipelines.Api.Gateway;

/// <summary>Turns a gateway request's <c>model</c> into a route request, or names the route it could not find.</summary>
public sealed class GatewayRouteLookup(IOptionsMonitor<GatewayRoutesOptions> options)
{
    public IReadOnlyDictionary<string, GatewayRoute> Routes => options.CurrentValue.Routes;

    public RouteRequest? Find(string? model, string tenantId, string capability, JsonObject input) =>
        model is not null && options.CurrentValue.Routes.TryGetValue(model, out var route)
            ? new RouteRequest(tenantId, capability, input, route.Providers, route.Policy, route.Constraints, $"gateway/{model}")
            : null;
}
