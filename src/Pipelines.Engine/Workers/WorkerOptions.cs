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

    /// <summary>
    /// Most items one <c>foreach</c> runs over; more fail the step (items are a template, so this is known only at run
    /// time). Bounds the fan-out a single run can ask of a worker.
    /// </summary>
    public int MaxForeachItems { get; set; } = 10_000;

    /// <summary>
    /// Largest output (UTF-8 JSON bytes) a step may produce; a larger one fails the step instead of being stored in the
    /// run and held by every reader of it (a transform's <c>join</c> over a big list, for one).
    /// </summary>
    public int MaxOutputBytes { get; set; } = 4 * 1024 * 1024;
}
