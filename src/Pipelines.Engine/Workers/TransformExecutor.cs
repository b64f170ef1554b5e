using Pipelines.Connectors;

namespace Pipelines.Engine.Workers;

/// <summary>A transform's output is its rendered <c>with</c>: reshaping data needs no model.</summary>
public sealed class TransformExecutor : IStepExecutor
{
    public const string Name = "transform";

    public string Capability => Name;

    public Task<StepResult> ExecuteAsync(StepRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(StepResult.Of(request.Input.DeepClone()));
}
