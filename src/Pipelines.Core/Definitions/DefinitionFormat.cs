namespace Pipelines.Core.Definitions;

/// <summary>The text formats a definition can be written in.</summary>
public enum DefinitionFormat
{
    Yaml,
    Json,
}
