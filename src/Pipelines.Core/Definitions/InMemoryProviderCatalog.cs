namespace Pipelines.Core.Definitions;

/// <summary>A provider catalog from a fixed map of provider id to capabilities: for tests and offline validation.</summary>
public sealed class InMemoryProviderCatalog(IReadOnlyDictionary<string, IReadOnlySet<string>> providers) : IProviderCatalog
{
    public IReadOnlySet<string>? GetCapabilities(string providerId) =>
        providers.TryGetValue(providerId, out var capabilities) ? capabilities : null;

    public bool IsKnownCapability(string capability) =>
        StepKinds.IsBuiltInCapability(capability) || providers.Values.Any(c => c.Contains(capability));
}
