using Pipelines.Connectors;

namespace Pipelines.Routing;

/// <summary>
/// A provider as the router sees it: the connector to call, its manifest with the registry's overrides applied, and
/// its tags (<c>residency</c>, <c>locality</c>, ...) that step constraints filter on.
/// </summary>
public sealed record RegisteredProvider(
    string Id,
    IProviderConnector Connector,
    ProviderManifest Manifest,
    IReadOnlyDictionary<string, string> Tags,
    ProviderOrigin Origin)
{
    /// <summary>Key for health and circuit state: shared by every tenant for service-wide providers.</summary>
    public string HealthKey(string tenantId) => Origin == ProviderOrigin.Tenant ? $"{tenantId}/{Id}" : Id;
}

/// <summary>Where a provider was declared: service configuration or a providers file (shared by all tenants), or a tenant's API call.</summary>
public enum ProviderOrigin
{
    Configuration,
    File,
    Tenant,
}
