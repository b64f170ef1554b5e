using System.Text.Json;
using System.Text.Json.Nodes;
using Pipelines.Core.Definitions;

namespace Pipelines.Core.Runs;

/// <summary>Checks a run's inputs against the pipeline's declared inputs, reporting every problem with its path.</summary>
public static class InputValidator
{
    public static IReadOnlyList<Diagnostic> Validate(PipelineDefinition definition, JsonObject inputs)
    {
        var problems = new List<Diagnostic>();
        foreach (var (name, _) in inputs)
        {
            if (!definition.Inputs.ContainsKey(name))
            {
                problems.Add(new(InputCodes.UnknownInput, $"'{name}' is not an input of this pipeline.", Pointer(name)));
            }
        }

        foreach (var (name, declared) in definition.Inputs)
        {
            if (!inputs.TryGetPropertyValue(name, out var value) || value is null)
            {
                if (declared.IsRequired)
                {
                    problems.Add(new(InputCodes.MissingInput, $"Input '{name}' is required.", Pointer(name)));
                }

                continue;
            }

            Check(declared, value, Pointer(name), problems);
        }

        return problems;
    }

    /// <summary>The inputs with declared defaults filled in for those not given.</summary>
    public static JsonObject WithDefaults(PipelineDefinition definition, JsonObject inputs)
    {
        var result = (JsonObject)inputs.DeepClone();
        foreach (var (name, declared) in definition.Inputs)
        {
            if (result[name] is null && declared.DefaultValue is { } fallback)
            {
                result[name] = fallback.DeepClone();
            }
        }

        return result;
    }

    private static void Check(InputDefinition declared, JsonNode value, string pointer, List<Diagnostic> problems)
    {
        var kind = value.GetValueKind();
        var typeMatches = declared.Type switch
        {
            InputType.String => kind == JsonValueKind.String,
            InputType.Number => kind == JsonValueKind.Number,
            InputType.Integer => kind == JsonValueKind.Number && value.GetValue<decimal>() % 1 == 0,
            InputType.Boolean => kind is JsonValueKind.True or JsonValueKind.False,
            InputType.Array => kind == JsonValueKind.Array,
            InputType.Object => kind == JsonValueKind.Object,
            _ => false,
        };
        if (!typeMatches)
        {
            problems.Add(new(InputCodes.WrongType, $"Expected {declared.Type.ToString().ToLowerInvariant()}, got {kind.ToString().ToLowerInvariant()}.", pointer));
            return;
        }

        if (declared.MaxLength is { } maxLength && Length(value) > maxLength)
        {
            problems.Add(new(InputCodes.TooLong, $"At most {maxLength} {(kind == JsonValueKind.Array ? "items" : "characters")}.", pointer));
        }

        if (kind == JsonValueKind.Number)
        {
            var number = value.GetValue<decimal>();
            if (number < declared.Minimum || number > declared.Maximum)
            {
                problems.Add(new(InputCodes.OutOfRange, $"Must be between {declared.Minimum?.ToString() ?? "-∞"} and {declared.Maximum?.ToString() ?? "∞"}.", pointer));
            }
        }

        if (declared.AllowedValues is { Count: > 0 } allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            problems.Add(new(InputCodes.NotAllowed, $"Must be one of {string.Join(", ", allowed.Select(a => a?.ToJsonString()))}.", pointer));
        }

        if (declared.Items is { } itemType && value is JsonArray items)
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i] is { } item)
                {
                    Check(itemType, item, $"{pointer}/{i}", problems);
                }
                else
                {
                    problems.Add(new(InputCodes.WrongType, "Items may not be null.", $"{pointer}/{i}"));
                }
            }
        }
    }

    private static int Length(JsonNode value) => value switch
    {
        JsonArray array => array.Count,
        JsonValue text when text.GetValueKind() == JsonValueKind.String => text.GetValue<string>().Length,
        _ => 0,
    };

    private static string Pointer(string name) => "/inputs/" + name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
