using System.Collections.Concurrent;

namespace Pipelines.Routing.Health;

/// <summary>The provider (and a tenant and capability it was called for) behind each health key, so an idle open circuit can be probed.</summary>
public sealed class ProbeTargets
{
    private readonly ConcurrentDictionary<string, ProbeTarget> _targets = new(StringComparer.Ordinal);

    public void Remember(string key, RegisteredProvider provider, string tenantId, string capability) =>
        _targets[key] = new ProbeTarget(provider, tenantId, capability);

    public ProbeTarget? Find(string key) => _targets.GetValueOrDefault(key);
}

public sealed record ProbeTarget(RegisteredProvider Provider, string TenantId, string Capability);
