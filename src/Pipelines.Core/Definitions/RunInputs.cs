using System.Text.Json.Nodes;

namespace Pipelines.Core.Definitions;

/// <summary>Checks the inputs given to a run against the definition's declarations (codes PIPE040-PIPE043).</summary>
public static class RunInputs
{
    /// <summary>All problems with the inputs; pointers are relative to the inputs object ("/headline").</summary>
    public static IReadOnlyList<Diagnostic> Validate(PipelineDefinition definition, JsonObject? inputs)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var diagnostics = new List<Diagnostic>();
        foreach (var (name, _) in inputs ?? [])
        {
            if (!definition.Inputs.ContainsKey(name))
            {
                diagnostics.Add(new Diagnostic(DiagnosticCodes.RunInputUnknown, $"Unknown input '{name}'.", JsonPointer.Append("", name)));
            }
        }

        foreach (var (name, input) in definition.Inputs)
        {
            var pointer = JsonPointer.Append("", name);
            var value = inputs?[name];
            if (value is null)
            {
                if (input.IsRequired && input.DefaultValue is null)
                {
                    diagnostics.Add(new Diagnostic(DiagnosticCodes.RunInputMissing, $"Input '{name}' is required.", pointer));
                }
            }
            else if (InputValues.Check(input, value) is { } problem)
            {
                var code = problem.WrongType ? DiagnosticCodes.RunInputWrongType : DiagnosticCodes.RunInputOutOfRange;
                diagnostics.Add(new Diagnostic(code, $"Input '{name}': {problem.Message}", pointer));
            }
        }

        return diagnostics;
    }

    /// <summary>A copy of the inputs with declared defaults filled in where a value is absent.</summary>
    public static JsonObject WithDefaults(PipelineDefinition definition, JsonObject? inputs)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var result = inputs?.DeepClone().AsObject() ?? [];
        foreach (var (name, input) in definition.Inputs)
        {
            if (result[name] is null && input.DefaultValue is not null)
            {
                result[name] = input.DefaultValue.DeepClone();
            }
        }

        return result;
    }
}
