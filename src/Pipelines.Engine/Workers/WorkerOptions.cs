namespace Pipelines.Engine.Workers;

/// <summary>Step worker settings (<c>Pipelines:Workers</c>).</summary>
public sealed class WorkerOptions
{
    public const string SectionName = "Pipelines:Workers";

    /// <summary>Steps this process executes at once, over all capabilities.</summary>
    public int ConcurrentSteps { get; set; } = 32;

    /// <summary>Per-capability caps below <see cref="ConcurrentSteps"/>, e.g. <c>{ "chat": 8 }</c>, to respect provider quotas.</summary>
    public Dictionary<string, int> CapabilityConcurrency { get; set; } = [];

    /// <summary>First retry delay; doubles on each retry up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);
}
