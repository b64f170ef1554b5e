using System.Text;
using Pipelines.Core.Definitions.Binding;
using Pipelines.Core.Definitions.Parsing;
using Pipelines.Core.Definitions.Validation;

namespace Pipelines.Core.Definitions;

/// <summary>
/// Validates definitions and reports every problem at once, each with a stable code and a JSON pointer (and line and
/// column for text). Never throws on any input text.
/// </summary>
public sealed class DefinitionValidator(ValidationOptions? options = null)
{
    public ValidationResult Validate(string text, DefinitionFormat format)
    {
        text ??= "";
        if (Encoding.UTF8.GetByteCount(text) > DefinitionLimits.MaxBytes)
        {
            return new ValidationResult(null, [new Diagnostic(
                DiagnosticCodes.TooLarge, $"Definitions are limited to {DefinitionLimits.MaxBytes} bytes.", JsonPointer.Root)]);
        }

        text = text.TrimStart('\uFEFF');
        var parsed = format == DefinitionFormat.Json ? JsonSourceReader.Read(text) : YamlSourceReader.Read(text);
        var sink = new DiagnosticSink(parsed.Map);
        sink.AddRange(parsed.Diagnostics);
        if (parsed.Root is null && parsed.Diagnostics.Count > 0)
        {
            return new ValidationResult(null, Ordered(sink.Items));
        }

        var definition = new DefinitionBinder(new NodeReader(sink)).Bind(parsed.Root);
        if (definition is not null)
        {
            SemanticValidator.Check(definition, sink, options?.Providers);
        }

        return new ValidationResult(definition, Ordered(sink.Items));
    }

    /// <summary>The semantic rules on a model built in code (no lines or columns: there is no text).</summary>
    public IReadOnlyList<Diagnostic> Validate(PipelineDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var sink = new DiagnosticSink(null);
        SemanticValidator.Check(definition, sink, options?.Providers);
        return sink.Items;
    }

    // By position in the text, so editors and people read them top to bottom; diagnostics without a position go last.
    private static List<Diagnostic> Ordered(IReadOnlyList<Diagnostic> diagnostics) =>
        [.. diagnostics.OrderBy(d => d.Line ?? int.MaxValue).ThenBy(d => d.Column ?? 0)];
}
