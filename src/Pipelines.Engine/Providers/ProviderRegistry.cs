using Pipelines.Connectors;

namespace Pipelines.Engine.Providers;

/// <summary>Every provider the connectors configured, by id.</summary>
public sealed class ProviderRegistry(IEnumerable<IProviderSource> sources)
{
    private readonly Lazy<IReadOnlyDictionary<string, IProviderConnector>> _byId = new(() =>
        sources.SelectMany(s => s.Providers).ToDictionary(p => p.ProviderId, StringComparer.Ordinal));

    public IReadOnlyCollection<IProviderConnector> All => [.. _byId.Value.Values];

    public IProviderConnector? Find(string providerId) => _byId.Value.GetValueOrDefault(providerId);

    public bool Serves(string capability) => _byId.Value.Values.Any(p => p.Manifest.Serves(capability));
}
