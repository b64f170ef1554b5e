using Pipelines.Connectors;
using Pipelines.Core.Definitions;
using Pipelines.Engine.Runs;
using Pipelines.Routing;

namespace Pipelines.Engine.Providers;

/// <summary>Executes a capability step through the router, with the step's policy and constraints over the pipeline's defaults.</summary>
public sealed class ProviderStepExecutor(ProviderRouter router, StepDefinition step, PipelineDefaults? defaults, string scope) : IStepExecutor
{
    public string Capability => step.Uses;

    public async Task<StepResult> ExecuteAsync(StepRequest request, CancellationToken cancellationToken)
    {
        var route = new RouteRequest(
            request.TenantId,
            request.Capability,
            request.Input,
            request.Providers,
            StepSettings.PolicyOf(defaults, step),
            StepSettings.ConstraintsOf(defaults, step),
            scope);
        var result = await router.ExecuteAsync(route, cancellationToken);
        return new StepResult(result.Response.Output, result.Attempts);
    }
}
