namespace Pipelines.Core.Definitions.Validation;

/// <summary>Input declarations: names, which limits apply to which type, and defaults and enums that fit the type.</summary>
internal static class InputRules
{
    public static void Check(RuleContext context)
    {
        foreach (var (name, input) in context.Definition.Inputs)
        {
            var pointer = JsonPointer.Append("/inputs", name);
            context.CheckIdentifier(name, pointer, "input name");
            CheckInput(context, input, pointer);
        }
    }

    private static void CheckInput(RuleContext context, InputDefinition input, string pointer)
    {
        var sink = context.Sink;
        if (!Enum.IsDefined(input.Type))
        {
            sink.Report(DiagnosticCodes.InvalidValue, JsonPointer.Append(pointer, "type"), "Unknown input type.");
            return;
        }

        var isNumeric = input.Type is InputType.Number or InputType.Integer;
        NotAllowedUnless(input.MaxLength is not null && input.Type != InputType.String, "maxLength", "string");
        NotAllowedUnless(input.Minimum is not null && !isNumeric, "minimum", "number and integer");
        NotAllowedUnless(input.Maximum is not null && !isNumeric, "maximum", "number and integer");
        NotAllowedUnless(input.Items is not null && input.Type != InputType.Array, "items", "array");

        if (input.MaxLength < 0)
        {
            sink.Report(DiagnosticCodes.OutOfRange, JsonPointer.Append(pointer, "maxLength"), "maxLength cannot be negative.");
        }

        if (input.Minimum > input.Maximum)
        {
            sink.Report(DiagnosticCodes.OutOfRange, JsonPointer.Append(pointer, "maximum"), "maximum is below minimum.");
        }

        if (input.Items is not null)
        {
            CheckInput(context, input.Items, JsonPointer.Append(pointer, "items"));
        }

        if (input.AllowedValues is { } allowed)
        {
            var enumPointer = JsonPointer.Append(pointer, "enum");
            if (allowed.Count == 0)
            {
                sink.Report(DiagnosticCodes.OutOfRange, enumPointer, "enum needs at least one value.");
            }

            var unconstrained = input with { AllowedValues = null };
            for (var i = 0; i < allowed.Count; i++)
            {
                if (InputValues.Check(unconstrained, allowed[i]) is { } problem)
                {
                    sink.Report(DiagnosticCodes.InvalidInputDefault, JsonPointer.Append(enumPointer, i), $"enum value: {problem.Message}");
                }
            }

            context.CheckDuplicates([.. allowed.Select(v => v?.ToJsonString() ?? "null")], enumPointer, "Value");
        }

        if (input.DefaultValue is not null && InputValues.Check(input, input.DefaultValue) is { } defaultProblem)
        {
            sink.Report(DiagnosticCodes.InvalidInputDefault, JsonPointer.Append(pointer, "default"), $"default: {defaultProblem.Message}");
        }

        void NotAllowedUnless(bool misplaced, string field, string types)
        {
            if (misplaced)
            {
                sink.Report(DiagnosticCodes.FieldNotAllowed, JsonPointer.Append(pointer, field), $"'{field}' applies only to {types} inputs.");
            }
        }
    }
}
