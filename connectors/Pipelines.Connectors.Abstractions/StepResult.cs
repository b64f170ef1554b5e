using System.Text.Json.Nodes;

namespace Pipelines.Connectors;

/// <summary>
/// A provider call made (or refused by its open circuit, with <see cref="LatencyMs"/> 0) while executing a step;
/// every one is recorded in the run's history.
/// </summary>
public sealed record ProviderAttempt(
    string Provider, OutcomeClass Outcome, double LatencyMs, string? Error = null, double? FirstTokenMs = null, DateTimeOffset? StartedAt = null);

/// <summary>The step's output and the provider calls that produced it.</summary>
public sealed record StepResult(JsonNode? Output, IReadOnlyList<ProviderAttempt> Attempts)
{
    public static StepResult Of(JsonNode? output) => new(output, []);
}
