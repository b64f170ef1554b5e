using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Pipelines.Core.Definitions;

/// <summary>A declared run input with its type and limits.</summary>
public sealed record InputDefinition
{
    public InputType Type { get; init; } = InputType.String;

    /// <summary>Defaults to true unless a default value is given.</summary>
    public bool? Required { get; init; }

    [JsonPropertyName("default")]
    public JsonNode? DefaultValue { get; init; }

    public int? MaxLength { get; init; }
    public decimal? Minimum { get; init; }
    public decimal? Maximum { get; init; }

    [JsonPropertyName("enum")]
    public IReadOnlyList<JsonNode?>? AllowedValues { get; init; }

    /// <summary>The type of each element, for array inputs.</summary>
    public InputDefinition? Items { get; init; }

    public string? Description { get; init; }

    [JsonIgnore]
    public bool IsRequired => Required ?? DefaultValue is null;
}
