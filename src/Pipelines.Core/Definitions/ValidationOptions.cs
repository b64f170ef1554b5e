namespace Pipelines.Core.Definitions;

/// <summary>Optional context for validation.</summary>
/// <param name="Providers">The registered providers; when null the provider and capability rules are skipped.</param>
public sealed record ValidationOptions(IProviderCatalog? Providers = null);
