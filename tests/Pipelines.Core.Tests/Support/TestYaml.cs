using Pipelines.Core.Definitions;

namespace Pipelines.Core.Tests.Support;

/// <summary>Builds small definitions around a fixed header, so a case's first step is always on line 9.</summary>
internal static class TestYaml
{
    public const int FirstStepLine = 9;

    private const string Header = """
        apiVersion: pipelines/v1
        kind: Pipeline
        id: test
        title: Test
        inputs:
          text: { type: string }
          count: { type: integer, default: 1 }
        steps:

        """;

    /// <summary>A valid one-step pipeline.</summary>
    public static string Valid { get; } = Pipeline("""
          a:
            uses: chat
            with: { prompt: "{{ inputs.text }}" }
            providers: [openai-main]
        """);

    /// <summary>The header, then <paramref name="steps"/> (indented by two), then the optional rest of the document.</summary>
    public static string Pipeline(string steps, string? rest = null) =>
        Header + steps.TrimEnd('\n') + "\n" + (rest is null ? "" : rest.TrimEnd('\n') + "\n");

    public static ValidationResult Validate(string yaml, IProviderCatalog? providers = null) =>
        new DefinitionValidator(new ValidationOptions(providers)).Validate(yaml, DefinitionFormat.Yaml);

    public static string Describe(ValidationResult result) =>
        result.Diagnostics.Count == 0 ? "(no diagnostics)" : string.Join(Environment.NewLine, result.Diagnostics);
}
