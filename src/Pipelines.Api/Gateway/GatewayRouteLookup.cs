using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Pipelines.Engine.Routes;
using Pipelines.Routing;

namespace Pipelines.Api.Gateway;

/// <summary>
/// The routes a tenant's gateway requests can name: its own (API or deploy; a tenant route shadows a configuration route
/// of the same name), then the service's configuration routes. Another tenant's routes are never seen.
/// </summary>
public sealed class GatewayRouteLookup(IOptionsMonitor<GatewayRoutesOptions> options, TenantRoutes tenantRoutes)
{
    /// <summary>Turns a gateway request's <c>model</c> into a route request; null when the tenant has no such route.</summary>
    public async Task<RouteRequest?> FindAsync(string? model, string tenantId, string capability, JsonObject input, CancellationToken cancellationToken) =>
        model is not null && await FindEntryAsync(tenantId, model, cancellationToken) is { Spec: var route }
            ? new RouteRequest(tenantId, capability, input, route.Providers, route.Policy, route.Constraints, $"gateway/{model}")
            : null;

    public async Task<RouteEntry?> FindEntryAsync(string tenantId, string name, CancellationToken cancellationToken) =>
        (await tenantRoutes.ForTenantAsync(tenantId, cancellationToken)).GetValueOrDefault(name) ?? Configured(name);

    /// <summary>The route declared in configuration under this name, if any.</summary>
    public RouteEntry? Configured(string name) =>
        options.CurrentValue.Routes.TryGetValue(name, out var route) ? route.ToEntry(name) : null;

    /// <summary>Every route the tenant can use, by name.</summary>
    public async Task<IReadOnlyList<RouteEntry>> ListAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var own = await tenantRoutes.ForTenantAsync(tenantId, cancellationToken);
        var configured = options.CurrentValue.Routes.Where(r => !own.ContainsKey(r.Key)).Select(r => r.Value.ToEntry(r.Key));
        return [.. own.Values.Concat(configured).OrderBy(r => r.Name, StringComparer.Ordinal)];
    }
}
