using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Pipelines.Connectors.Onnx;

/// <summary>The local ONNX models, configured under <c>Pipelines:Providers:Onnx</c>.</summary>
public sealed class OnnxConnectorOptions
{
    public const string SectionName = "Pipelines:Providers:Onnx";

    /// <summary>Off: the connector yields no providers at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>all-MiniLM-L6-v2, served as <c>local-minilm</c>.</summary>
    public OnnxModelOptions MiniLm { get; set; } = new();

    /// <summary>Snowflake arctic-embed-xs, served as <c>local-arctic</c>.</summary>
    public OnnxModelOptions Arctic { get; set; } = new();

    /// <summary>Most texts one call may embed (for classify: the text plus its labels).</summary>
    [Range(1, 1024)]
    public int MaxTextsPerCall { get; set; } = 64;

    /// <summary>Longest text accepted, in characters; both models read at most 512 tokens.</summary>
    [Range(1, 100_000)]
    public int MaxCharsPerText { get; set; } = 8_000;

    /// <summary>
    /// Model runs allowed at once per model. ONNX Runtime already spreads one run over every core,
    /// so more than one mostly adds contention on small machines.
    /// </summary>
    [Range(1, 64)]
    public int MaxConcurrentRuns { get; set; } = 1;
}

public sealed class OnnxModelOptions
{
    public bool Enabled { get; set; } = true;
}

/// <summary>
/// Checks the data annotations of <see cref="OnnxConnectorOptions"/> at start. Written out because the
/// Microsoft.Extensions.Options.DataAnnotations package is not among the connector's dependencies.
/// </summary>
public sealed class OnnxConnectorOptionsValidator : IValidateOptions<OnnxConnectorOptions>
{
    public ValidateOptionsResult Validate(string? name, OnnxConnectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<ValidationResult>();
        return Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(errors.Select(e => $"{OnnxConnectorOptions.SectionName}: {e.ErrorMessage}"));
    }
}
