namespace Pipelines.Routing.Health;

/// <summary>A circuit transition, broadcast so that one node's discovery protects every other node.</summary>
public sealed record CircuitSignal(string Key, CircuitState State, DateTimeOffset? RetryAt, int Openings, string? Reason);
