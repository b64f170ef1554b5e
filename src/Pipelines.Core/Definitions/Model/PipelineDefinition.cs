namespace Pipelines.Core.Definitions;

/// <summary>A pipeline: typed inputs, a DAG of steps, templated outputs, and the designer's layout.</summary>
public sealed record PipelineDefinition
{
    public const string CurrentApiVersion = "pipelines/v1";
    public const string PipelineKind = "Pipeline";

    public string ApiVersion { get; init; } = CurrentApiVersion;
    public string Kind { get; init; } = PipelineKind;
    public string Id { get; init; } = "";
    public string Title { get; init; } = "";
    public string? Description { get; init; }
    public IReadOnlyDictionary<string, InputDefinition> Inputs { get; init; } = new Dictionary<string, InputDefinition>();
    public PipelineDefaults? Defaults { get; init; }
    public IReadOnlyDictionary<string, StepDefinition> Steps { get; init; } = new Dictionary<string, StepDefinition>();

    /// <summary>Output name to template, rendered when the run ends.</summary>
    public IReadOnlyDictionary<string, string> Outputs { get; init; } = new Dictionary<string, string>();

    /// <summary>Designer node positions by step id. No effect on runs; part of the content hash (docs/definitions.md).</summary>
    public IReadOnlyDictionary<string, LayoutPosition> Layout { get; init; } = new Dictionary<string, LayoutPosition>();
}
