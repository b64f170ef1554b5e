using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Pipelines.Core.Definitions;

/// <summary>
/// One step. <see cref="Uses"/> names a capability (chat, embed, classify or one a connector declares) or a built-in kind
/// (transform, approval, foreach); which other fields apply depends on it (docs/definitions.md).
/// </summary>
public sealed record StepDefinition
{
    public string Uses { get; init; } = "";

    public IReadOnlyList<string> Needs { get; init; } = [];

    /// <summary>A boolean template; when false the step is skipped.</summary>
    [JsonPropertyName("if")]
    public string? Condition { get; init; }

    /// <summary>Arguments; strings may hold templates. A transform's output is its rendered <c>with</c>.</summary>
    public JsonObject? With { get; init; }

    public IReadOnlyList<string> Providers { get; init; } = [];
    public RoutingPolicy? Policy { get; init; }
    public StepConstraints? Constraints { get; init; }
    public string? Timeout { get; init; }
    public int? Retries { get; init; }
    public RetryBackoff? Backoff { get; init; }

    /// <summary>Approval only: what happens when <see cref="Timeout"/> passes without a signal.</summary>
    public ApprovalTimeoutAction? OnTimeout { get; init; }

    /// <summary>Foreach only: a template yielding the list to iterate.</summary>
    public string? Items { get; init; }

    /// <summary>Foreach only: how many items run at once.</summary>
    public int? Parallelism { get; init; }

    /// <summary>Foreach only: the step run per item; it can use <c>{{ item }}</c> and <c>{{ index }}</c>.</summary>
    public StepDefinition? Step { get; init; }

    [JsonIgnore]
    public StepKind Kind => StepKinds.KindOf(Uses);
}
