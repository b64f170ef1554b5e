using Pipelines.Core.Definitions;
using Pipelines.Engine.Definitions;

namespace Pipelines.Api.Definitions;

/// <summary>Answers with a definition as YAML: the author's own text when it was YAML, so comments survive.</summary>
public static class DefinitionText
{
    public static ContentHttpResult Yaml(string source, SourceFormat format, string json)
    {
        var yaml = format == SourceFormat.Yaml
            ? source
            : DefinitionSerializer.ToYaml(DefinitionSerializer.FromJson(json));
        return TypedResults.Text(yaml, DefinitionMediaTypes.Yaml);
    }
}
