namespace Pipelines.Engine.Runs.Messages;

/// <summary>Published to every worker when a run is cancelled, so steps in flight stop early.</summary>
public sealed record RunCancellationRequested(string TenantId, string RunId);
