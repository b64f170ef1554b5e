using Microsoft.Net.Http.Headers;
using Pipelines.Engine.Definitions;

namespace Pipelines.Api.Definitions;

/// <summary>Definitions travel as JSON or YAML; these are the media types accepted for each.</summary>
public static class DefinitionMediaTypes
{
    public const string Json = "application/json";
    public const string Yaml = "application/yaml";

    private static readonly string[] YamlAliases = [Yaml, "application/x-yaml", "text/yaml", "text/x-yaml"];

    public static SourceFormat? FormatOf(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed))
        {
            return null;
        }

        var media = parsed.MediaType.Value;
        if (string.Equals(media, Json, StringComparison.OrdinalIgnoreCase))
        {
            return SourceFormat.Json;
        }

        return YamlAliases.Contains(media, StringComparer.OrdinalIgnoreCase) ? SourceFormat.Yaml : null;
    }

    /// <summary>True when the client prefers YAML over JSON in its Accept header.</summary>
    public static bool WantsYaml(HttpRequest request) =>
        request.GetTypedHeaders().Accept
            .OrderByDescending(a => a.Quality ?? 1)
            .Select(a => FormatOf(a.MediaType.Value))
            .FirstOrDefault(f => f is not null) == SourceFormat.Yaml;
}
