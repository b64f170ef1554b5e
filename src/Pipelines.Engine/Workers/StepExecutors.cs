using Pipelines.Connectors;
using Pipelines.Engine.Providers;
using Pipelines.Routing;

namespace Pipelines.Engine.Workers;

/// <summary>
/// Finds the executor for a capability: one registered for it explicitly (transform, or a test's), else execution on
/// the step's providers, which fails with a clear error when none of them serves the capability.
/// </summary>
public sealed class StepExecutors(IEnumerable<IStepExecutor> executors, IProviderDirectory providers)
{
    private readonly Dictionary<string, IStepExecutor> _explicit =
        executors.GroupBy(e => e.Capability, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    public IStepExecutor Find(string capability) =>
        _explicit.GetValueOrDefault(capability) ?? new ProviderStepExecutor(capability, providers);
}
