namespace Pipelines.Core.Definitions;

/// <summary>The wait between retries of the same provider.</summary>
public sealed record RetryBackoff
{
    /// <summary>Exponential when not set.</summary>
    public BackoffStrategy? Strategy { get; init; }
    public string? Delay { get; init; }
    public string? MaxDelay { get; init; }
}
