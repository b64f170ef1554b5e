namespace Pipelines.Connectors;

/// <summary>
/// Executes steps of one capability (chat, embed, classify, transform, or any a connector declares).
/// Implementations must honour cancellation: the engine cancels on step timeout, run deadline and run cancel.
/// </summary>
public interface IStepExecutor
{
    string Capability { get; }

    Task<StepResult> ExecuteAsync(StepRequest request, CancellationToken cancellationToken);
}
