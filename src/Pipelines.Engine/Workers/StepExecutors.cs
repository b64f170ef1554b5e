using Pipelines.Connectors;
using Pipelines.Engine.Providers;

namespace Pipelines.Engine.Workers;

/// <summary>
/// Finds the executor for a capability: one registered for it explicitly (transform, or a test's), else execution on
/// the configured providers that serve it.
/// </summary>
public sealed class StepExecutors(IEnumerable<IStepExecutor> executors, ProviderRegistry providers)
{
    private readonly Dictionary<string, IStepExecutor> _explicit =
        executors.GroupBy(e => e.Capability, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    public IStepExecutor? Find(string capability) =>
        _explicit.GetValueOrDefault(capability)
        ?? (providers.Serves(capability) ? new ProviderStepExecutor(capability, providers) : null);
}
