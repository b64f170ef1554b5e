using Pipelines.Connectors;
using Pipelines.Routing;

namespace Pipelines.Engine.Providers;

/// <summary>The providers a tenant can route to: for now only those the connectors configured, shared by every tenant.</summary>
public sealed class ProviderDirectory(IEnumerable<IProviderSource> sources) : IProviderDirectory
{
    private readonly Lazy<IReadOnlyDictionary<string, RegisteredProvider>> _configured = new(() =>
        sources.SelectMany(s => s.Providers)
            .Select(p => new RegisteredProvider(p.ProviderId, p, p.Manifest, new Dictionary<string, string>(), ProviderOrigin.Configuration))
            .ToDictionary(p => p.Id, StringComparer.Ordinal));

    public ValueTask<RegisteredProvider?> FindAsync(string tenantId, string providerId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_configured.Value.GetValueOrDefault(providerId));

    public ValueTask<IReadOnlyList<RegisteredProvider>> ListAsync(string tenantId, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<RegisteredProvider>>([.. _configured.Value.Values.OrderBy(p => p.Id, StringComparer.Ordinal)]);
}
