using System.Text.Json.Nodes;

namespace Pipelines.Core.Definitions.Parsing;

/// <summary>A definition text read into a JSON tree, with positions and the problems found while reading.</summary>
/// <param name="Root">The document, or null when it could not be read.</param>
/// <param name="Map">Positions by JSON pointer.</param>
/// <param name="Diagnostics">Syntax errors, duplicate keys, limits hit while reading.</param>
internal sealed record ParsedSource(JsonNode? Root, SourceMap Map, IReadOnlyList<Diagnostic> Diagnostics);
