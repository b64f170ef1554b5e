using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Pipelines.Core.Definitions.Parsing;

/// <summary>
/// Resolves YAML scalars with the YAML 1.2 core schema: yes/no/on/off stay strings, quoted scalars are always strings.
/// </summary>
internal static partial class YamlScalars
{
    private const string TagPrefix = "tag:yaml.org,2002:";

    public static JsonNode? Resolve(Scalar scalar)
    {
        if (scalar.Tag.IsEmpty)
        {
            return scalar.Style == ScalarStyle.Plain ? ResolvePlain(scalar.Value) : JsonValue.Create(scalar.Value);
        }

        return scalar.Tag.Value switch
        {
            TagPrefix + "null" => null,
            TagPrefix + "bool" or TagPrefix + "int" or TagPrefix + "float" => ResolvePlain(scalar.Value),
            _ => JsonValue.Create(scalar.Value),
        };
    }

    /// <summary>Whether a string written as a plain scalar would read back as something other than that string.</summary>
    public static bool NeedsQuotes(string value) =>
        ResolvePlain(value) is not JsonValue resolved || resolved.GetValueKind() != System.Text.Json.JsonValueKind.String;

    private static JsonNode? ResolvePlain(string value)
    {
        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (JsonNumber().IsMatch(value))
        {
            // Valid JSON number text is kept verbatim, so 1.50 stays 1.50 through a round trip.
            return JsonNode.Parse(value);
        }

        if (YamlInteger().IsMatch(value))
        {
            return ParseInteger(value) is { } integer ? JsonValue.Create(integer) : JsonValue.Create(value);
        }

        if (YamlFloat().IsMatch(value)
            && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && double.IsFinite(number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(value);
    }

    private static long? ParseInteger(string value)
    {
        var text = value.TrimStart('+');
        if (text.StartsWith("0x", StringComparison.Ordinal))
        {
            return long.TryParse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) ? hex : null;
        }

        if (text.StartsWith("0o", StringComparison.Ordinal))
        {
            long octal = 0;
            foreach (var digit in text[2..])
            {
                if (octal > long.MaxValue / 8)
                {
                    return null;
                }

                octal = (octal * 8) + (digit - '0');
            }

            return octal;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) ? integer : null;
    }

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex JsonNumber();

    [GeneratedRegex(@"^([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)\z", RegexOptions.CultureInvariant)]
    private static partial Regex YamlInteger();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex YamlFloat();
}
