namespace Pipelines.Core.Definitions;

/// <summary>What the validator needs to know about registered providers.</summary>
public interface IProviderCatalog
{
    /// <summary>The capabilities a provider offers, or null when no provider has that id.</summary>
    IReadOnlySet<string>? GetCapabilities(string providerId);

    /// <summary>Whether a connector declares this capability (built-in capabilities are always known).</summary>
    bool IsKnownCapability(string capability);
}
