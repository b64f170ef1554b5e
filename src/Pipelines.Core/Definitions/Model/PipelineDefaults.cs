namespace Pipelines.Core.Definitions;

/// <summary>Pipeline-wide defaults that capability steps inherit when they do not set their own.</summary>
public sealed record PipelineDefaults
{
    public RoutingPolicy? Policy { get; init; }
    public StepConstraints? Constraints { get; init; }
    public string? Timeout { get; init; }
    public int? Retries { get; init; }
    public RetryBackoff? Backoff { get; init; }
}
