namespace Pipelines.Core.Definitions;

/// <summary>Filters applied to candidate providers before the policy ranks them.</summary>
public sealed record StepConstraints
{
    public IReadOnlyList<string> Residency { get; init; } = [];
    public IReadOnlyList<string> Locality { get; init; } = [];
    public decimal? MaxCostPer1kTokens { get; init; }
    public IReadOnlyList<string> Features { get; init; } = [];
}
