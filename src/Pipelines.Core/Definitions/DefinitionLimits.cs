using System.Text.RegularExpressions;

namespace Pipelines.Core.Definitions;

/// <summary>Size limits and the identifier rule. They bound the work validation and runs can be made to do.</summary>
public static partial class DefinitionLimits
{
    public const int MaxSteps = 500;
    public const int MaxBytes = 1_048_576;
    public const int MaxTemplateLength = 16_384;

    /// <summary>Deepest nesting of maps and lists in a definition text.</summary>
    public const int MaxDepth = 64;

    /// <summary>Most values a YAML text may expand to through aliases (guards against alias bombs).</summary>
    public const int MaxNodes = 200_000;

    /// <summary>Most characters of keys and strings a text may expand to through aliases (a long string aliased many times).</summary>
    public const int MaxExpandedChars = 2 * MaxBytes;

    public const int MaxRetries = 10;
    public const int MaxParallelism = 64;

    /// <summary>The rule for pipeline, step, input, output and provider ids.</summary>
    public const string IdentifierPattern = "^[a-z][a-z0-9_-]{0,62}$";

    // .NET's '$' also matches before a final newline, which the ECMA pattern in the schema does not.
    public static bool IsIdentifier(string? value) =>
        value is not null && !value.EndsWith('\n') && IdentifierRegex().IsMatch(value);

    [GeneratedRegex(IdentifierPattern, RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierRegex();
}
