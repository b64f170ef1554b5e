using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipelines.Core.Templates;

namespace Pipelines.Core.Definitions;

/// <summary>Checks a value against an input declaration: used for defaults, enum values and the inputs of a run.</summary>
internal static class InputValues
{
    public static InputProblem? Check(InputDefinition input, JsonNode? value)
    {
        var problem = CheckType(input, value);
        if (problem is null && input.AllowedValues is { } allowed && !allowed.Any(a => JsonValues.AreEqual(a, value)))
        {
            problem = new InputProblem(false, $"{JsonValues.ToJson(value)} is not one of {JsonValues.ToJson(new JsonArray([.. allowed.Select(a => a?.DeepClone())]))}.");
        }

        return problem;
    }

    private static InputProblem? CheckType(InputDefinition input, JsonNode? value)
    {
        var kind = value?.GetValueKind() ?? JsonValueKind.Null;
        var matches = input.Type switch
        {
            InputType.String => kind == JsonValueKind.String,
            InputType.Number => kind == JsonValueKind.Number,
            InputType.Integer => JsonNumbers.TryGetDecimal(value, out var n) && n == decimal.Truncate(n),
            InputType.Boolean => kind is JsonValueKind.True or JsonValueKind.False,
            InputType.Array => kind == JsonValueKind.Array,
            _ => kind == JsonValueKind.Object,
        };
        if (!matches)
        {
            var expected = input.Type.ToString().ToLowerInvariant();
            return new InputProblem(true, $"expected {expected}, found {JsonNumbers.Describe(value)}.");
        }

        if (input.MaxLength is { } maxLength && kind == JsonValueKind.String && value!.GetValue<string>().Length > maxLength)
        {
            return new InputProblem(false, $"longer than maxLength {maxLength}.");
        }

        if (JsonNumbers.TryGetDecimal(value, out var number) && (number < input.Minimum || number > input.Maximum))
        {
            return new InputProblem(false, string.Create(CultureInfo.InvariantCulture, $"{number} is outside [{input.Minimum?.ToString(CultureInfo.InvariantCulture) ?? "..."}, {input.Maximum?.ToString(CultureInfo.InvariantCulture) ?? "..."}]."));
        }

        if (input.Items is { } items && value is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                if (Check(items, array[i]) is { } itemProblem)
                {
                    return itemProblem with { Message = $"item {i}: {itemProblem.Message}" };
                }
            }
        }

        return null;
    }
}

/// <summary>Why a value does not fit its input: the wrong type, or outside the declared limits.</summary>
internal sealed record InputProblem(bool WrongType, string Message);
