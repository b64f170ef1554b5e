namespace Pipelines.Engine.Runs.Messages;

/// <summary>Command to a worker: run this step of this run. Sent at least once; the worker checks it is still wanted.</summary>
public sealed record ExecuteStep(string TenantId, string RunId, string StepId, int Dispatch);
