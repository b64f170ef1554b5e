namespace Pipelines.Core.Definitions;

/// <summary>What the validator needs to know about registered providers.</summary>
public interface IProviderCatalog
{
    /// <summary>The capabilities a provider offers, or null when no provider has that id.</summary>
    IReadOnlySet<string>? GetCapabilities(string providerId);

    /// <summary>Whether a connector declares this capability (built-in capabilities are always known).</summary>
    bool IsKnownCapability(string capability);

    /// <summary>The features (json_mode, tools, streaming) a provider offers; null when not known (then not checked).</summary>
    IReadOnlySet<string>? GetFeatures(string providerId) => null;

    /// <summary>
    /// Whether the capability is executed in process by an executor of its own (not by the providers a step lists);
    /// the provider rules are then skipped for its steps.
    /// </summary>
    bool HasExecutor(string capability) => false;
}
