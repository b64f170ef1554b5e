using System.Text.Json;
using Pipelines.Core.Definitions;

namespace Pipelines.Cli.Commands;

/// <summary><c>pipelines validate</c>: offline, the server's own validator.</summary>
public static class ValidateCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static int Run(IReadOnlyList<string> paths, string format, TextWriter output)
    {
        var definitions = DefinitionFiles.Load(paths);
        switch (format)
        {
            case "json":
                WriteJson(definitions, output);
                break;
            case "github":
                foreach (var definition in definitions)
                {
                    foreach (var d in definition.Diagnostics)
                    {
                        output.WriteLine(GitHubAnnotation(definition.File, d));
                    }
                }

                WriteSummary(definitions, output);
                break;
            default:
                foreach (var definition in definitions)
                {
                    foreach (var d in definition.Diagnostics)
                    {
                        output.WriteLine(DefinitionFiles.Format(definition.File, d));
                    }
                }

                WriteSummary(definitions, output);
                break;
        }

        return definitions.All(d => d.IsValid) ? ExitCodes.Success : ExitCodes.Failure;
    }

    /// <summary>A GitHub Actions workflow command: <c>::error file=…,line=…,col=…::CODE message</c>.</summary>
    public static string GitHubAnnotation(string file, Diagnostic d)
    {
        var properties = "file=" + EscapeProperty(file);
        if (d.Line is { } line)
        {
            properties += $",line={line},col={d.Column ?? 1}";
        }

        return $"::error {properties}::{EscapeData($"{d.Code} {d.Message}")}";
    }

    private static void WriteSummary(IReadOnlyList<LocalDefinition> definitions, TextWriter output)
    {
        var invalid = definitions.Count(d => !d.IsValid);
        output.WriteLine(invalid == 0
            ? $"{definitions.Count} file(s) valid."
            : $"{invalid} of {definitions.Count} file(s) invalid, {definitions.Sum(d => d.Diagnostics.Count)} problem(s).");
    }

    private static void WriteJson(IReadOnlyList<LocalDefinition> definitions, TextWriter output)
    {
        var report = new
        {
            valid = definitions.All(d => d.IsValid),
            files = definitions.Select(d => new
            {
                file = d.File,
                id = d.Definition?.Id,
                valid = d.IsValid,
                diagnostics = d.Diagnostics.Select(x => new { code = x.Code, message = x.Message, pointer = x.Pointer, line = x.Line, column = x.Column }),
            }),
        };
        output.WriteLine(JsonSerializer.Serialize(report, Indented));
    }

    // https://docs.github.com/actions/reference/workflow-commands-for-github-actions: % CR LF in data, also : and , in properties.
    private static string EscapeData(string text) =>
        text.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    private static string EscapeProperty(string text) =>
        EscapeData(text).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
