using Pipelines.Connectors;
using Pipelines.Core.Definitions;

namespace Pipelines.Engine.Providers;

/// <summary>
/// The validator's view of a tenant's providers (<see cref="IProviderCatalog"/>): a snapshot of the provider directory
/// and connector types, taken before each validation so the rules themselves stay synchronous and pure.
/// </summary>
public sealed class ProviderCatalogs(ProviderDirectory directory, ConnectorTypes types, IEnumerable<IStepExecutor> executors)
{
    private readonly HashSet<string> _executed = executors.Select(e => e.Capability).ToHashSet(StringComparer.Ordinal);

    public async Task<IProviderCatalog> ForTenantAsync(string tenantId, CancellationToken cancellationToken)
    {
        var providers = await directory.ListAsync(tenantId, cancellationToken);
        var connectorTypes = await types.ListAsync(tenantId, cancellationToken);
        return new Snapshot(
            providers.ToDictionary(p => p.Id, p => (IReadOnlySet<string>)p.Manifest.Capabilities.ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal),
            providers.ToDictionary(p => p.Id, p => p.Manifest.Features, StringComparer.Ordinal),
            connectorTypes.SelectMany(t => t.Capabilities).Concat(providers.SelectMany(p => p.Manifest.Capabilities)).ToHashSet(StringComparer.Ordinal),
            _executed);
    }

    /// <summary>A validator that checks providers against the tenant's catalog.</summary>
    public async Task<DefinitionValidator> ValidatorForAsync(string tenantId, CancellationToken cancellationToken) =>
        new(new ValidationOptions(await ForTenantAsync(tenantId, cancellationToken)));

    private sealed class Snapshot(
        IReadOnlyDictionary<string, IReadOnlySet<string>> capabilities,
        IReadOnlyDictionary<string, IReadOnlySet<string>> features,
        IReadOnlySet<string> known,
        IReadOnlySet<string> executed) : IProviderCatalog
    {
        public IReadOnlySet<string>? GetCapabilities(string providerId) => capabilities.GetValueOrDefault(providerId);

        public bool IsKnownCapability(string capability) =>
            StepKinds.IsBuiltInCapability(capability) || known.Contains(capability) || executed.Contains(capability);

        public IReadOnlySet<string>? GetFeatures(string providerId) => features.GetValueOrDefault(providerId);

        public bool HasExecutor(string capability) => executed.Contains(capability);
    }
}
