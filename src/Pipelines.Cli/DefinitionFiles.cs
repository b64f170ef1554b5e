using Pipelines.Core.Definitions;

namespace Pipelines.Cli;

/// <summary>One definition file on disk, validated offline with the same validator the server uses.</summary>
public sealed record LocalDefinition(string File, string Text, DefinitionFormat Format, IReadOnlyList<Diagnostic> Diagnostics, PipelineDefinition? Definition)
{
    public bool IsValid => Definition is not null && Diagnostics.Count == 0;
}

public static class DefinitionFiles
{
    /// <summary>Code of the one rule the tool adds to the validator's: two files declare the same pipeline id.</summary>
    public const string DuplicateIdCode = "CLI001";

    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    /// <summary>Reads and validates every definition named by <paramref name="paths"/>; folders are searched recursively; route files are left out.</summary>
    public static IReadOnlyList<LocalDefinition> Load(IEnumerable<string> paths) => LoadWithRoutes(paths).Definitions;

    /// <summary>Definitions, validated, and route files (<c>kind: Route</c>), which the server validates.</summary>
    public static (IReadOnlyList<LocalDefinition> Definitions, IReadOnlyList<LocalRoute> Routes) LoadWithRoutes(IEnumerable<string> paths)
    {
        var validator = new DefinitionValidator();
        var loaded = new List<LocalDefinition>();
        var routes = new List<LocalRoute>();
        foreach (var file in Expand(paths))
        {
            var (text, format) = (ReadText(file), FormatOf(file));
            if (RouteFiles.TryRead(file, text, format) is { } route)
            {
                routes.Add(route);
                continue;
            }

            var result = validator.Validate(text, format);
            loaded.Add(new LocalDefinition(file, text, format, result.Diagnostics, result.Definition));
        }

        var firstById = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < loaded.Count; i++)
        {
            if (loaded[i].Definition is not { } definition || definition.Id.Length == 0)
            {
                continue;
            }

            if (firstById.TryGetValue(definition.Id, out var first))
            {
                loaded[i] = loaded[i] with
                {
                    Diagnostics = [.. loaded[i].Diagnostics, new Diagnostic(
                        DuplicateIdCode, $"Pipeline id '{definition.Id}' is already declared in {first}.", "/id")],
                };
            }
            else
            {
                firstById[definition.Id] = loaded[i].File;
            }
        }

        return (loaded, routes);
    }

    private static DefinitionFormat FormatOf(string file) =>
        file.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? DefinitionFormat.Json : DefinitionFormat.Yaml;

    /// <summary>A file's text; an unreadable file is a usage error, not a server problem.</summary>
    public static string ReadText(string file)
    {
        try
        {
            return System.IO.File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Usage, $"Cannot read {file}: {e.Message}");
        }
    }

    private static List<string> Expand(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                throw new CliException(ExitCodes.Usage, $"No such file or folder: {path}");
            }
        }

        if (files.Count == 0)
        {
            throw new CliException(ExitCodes.Usage, "No definition files (*.yaml, *.yml, *.json) found in " + string.Join(", ", paths));
        }

        return [.. files.Select(Display).Distinct(StringComparer.Ordinal)];
    }

    // Relative to the working folder, so CI annotations point at files in the checkout.
    private static string Display(string file)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, Path.GetFullPath(file));
        return relative.StartsWith("..", StringComparison.Ordinal) ? file : relative;
    }

    /// <summary>People's format: <c>file:line:col: CODE message</c>.</summary>
    public static string Format(string file, Diagnostic d) =>
        d.Line is { } line ? $"{file}:{line}:{d.Column ?? 1}: {d.Code} {d.Message}" : $"{file}: {d.Code} {d.Message} (at {d.Pointer})";

    /// <summary>Writes the problems of every invalid file; true when all are valid.</summary>
    public static bool Report(IReadOnlyList<LocalDefinition> definitions, TextWriter error)
    {
        foreach (var definition in definitions.Where(d => !d.IsValid))
        {
            foreach (var d in definition.Diagnostics)
            {
                error.WriteLine(Format(definition.File, d));
            }
        }

        return definitions.All(d => d.IsValid);
    }
}
