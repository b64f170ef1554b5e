using Pipelines.Connectors;
using Pipelines.Core.Definitions;
using Pipelines.Engine.Providers;
using Pipelines.Routing;

namespace Pipelines.Engine.Workers;

/// <summary>
/// Finds the executor for a step: one registered for its capability explicitly (transform, or a test's), else the
/// router over the step's providers, which fails with a clear error when none of them can serve it.
/// </summary>
public sealed class StepExecutors(IEnumerable<IStepExecutor> executors, ProviderRouter router)
{
    private readonly Dictionary<string, IStepExecutor> _explicit =
        executors.GroupBy(e => e.Capability, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    /// <summary><paramref name="scope"/> (pipeline/step) is where the router counts a provider's refusals.</summary>
    public IStepExecutor Find(StepDefinition step, PipelineDefaults? defaults, string scope) =>
        _explicit.GetValueOrDefault(step.Uses) ?? new ProviderStepExecutor(router, step, defaults, scope);
}
