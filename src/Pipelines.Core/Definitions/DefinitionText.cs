using System.Text.Json.Nodes;
using Pipelines.Core.Definitions.Parsing;

namespace Pipelines.Core.Definitions;

/// <summary>
/// Reads a YAML or JSON text into a JSON tree with the definition reader's rules (YAML 1.2 core scalars, limits,
/// duplicate keys), for other files kept beside definitions (route files) that are not themselves definitions.
/// </summary>
public static class DefinitionText
{
    /// <returns>The tree (null when it could not be read) and the problems found, with line and column.</returns>
    public static (JsonNode? Root, IReadOnlyList<Diagnostic> Diagnostics) Read(string text, DefinitionFormat format)
    {
        var parsed = format == DefinitionFormat.Json ? JsonSourceReader.Read(text ?? "") : YamlSourceReader.Read(text ?? "");
        return (parsed.Root, parsed.Diagnostics);
    }
}
