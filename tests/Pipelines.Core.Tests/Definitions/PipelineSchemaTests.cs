using System.Text.Json;
using Json.Schema;
using Pipelines.Core.Definitions;
using Pipelines.Core.Tests.Support;

namespace Pipelines.Core.Tests.Definitions;

public sealed class PipelineSchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromText(PipelineSchema.Json);

    public static TheoryData<string> Examples() => [.. RepoPaths.ExampleFiles().Select(f => Path.GetFileName(f))];

    [Fact]
    public void Json_EmbeddedResource_EqualsDocsCopy()
    {
        // Arrange
        var docs = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "pipeline.schema.json"));

        // Act
        var embedded = PipelineSchema.Json;

        // Assert
        Assert.Equal(docs, embedded);
    }

    [Fact]
    public void Json_IsDraft202012_WithIdentifierAndDurationRulesOfTheValidator()
    {
        // Arrange
        using var document = JsonDocument.Parse(PipelineSchema.Json);
        var defs = document.RootElement.GetProperty("$defs");

        // Act
        var identifier = defs.GetProperty("identifier").GetProperty("pattern").GetString();
        var duration = defs.GetProperty("duration").GetProperty("pattern").GetString();

        // Assert
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", document.RootElement.GetProperty("$schema").GetString());
        Assert.Equal(DefinitionLimits.IdentifierPattern, identifier);
        Assert.Equal(Pipelines.Core.Definitions.Duration.Pattern, duration);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Evaluate_ExampleFile_ConformsToSchema(string file)
    {
        // Arrange
        var definition = TestYaml.Validate(File.ReadAllText(Path.Combine(RepoPaths.Pipelines, file))).Definition!;
        using var json = JsonDocument.Parse(DefinitionSerializer.ToJson(definition));

        // Act
        var result = Schema.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        // Assert
        Assert.True(result.IsValid, Describe(result));
    }

    [Theory]
    [MemberData(nameof(ValidationRuleTests.ValidCases), MemberType = typeof(ValidationRuleTests))]
    public void Evaluate_DefinitionTheValidatorAccepts_SchemaAcceptsToo(string name, string yaml)
    {
        // Arrange
        using var json = JsonDocument.Parse(ToJsonText(yaml));

        // Act
        var result = Schema.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        // Assert
        Assert.True(result.IsValid, name + Environment.NewLine + Describe(result));
    }

    [Theory]
    [InlineData("  a: { uses: chat, providers: [openai-main], usez: 1 }")]
    [InlineData("  a: { uses: chat }")]
    [InlineData("  t: { uses: transform, with: { a: 1 }, providers: [openai-main] }")]
    [InlineData("  f: { uses: foreach, step: { uses: transform, with: { a: 1 } } }")]
    [InlineData("  a: { uses: chat, providers: [openai-main], timeout: 5 sec }")]
    [InlineData("  a: { uses: chat, providers: [openai-main], policy: { strategy: random } }")]
    [InlineData("  r: { uses: approval, with: { prompt: ok, extra: 1 } }")]
    public void Evaluate_DefinitionTheValidatorRejects_SchemaRejectsToo(string steps)
    {
        // Arrange
        var definition = TestYaml.Validate(TestYaml.Pipeline(steps));
        Assert.False(definition.IsValid);
        var yamlAsJson = ToJsonText(TestYaml.Pipeline(steps));
        using var json = JsonDocument.Parse(yamlAsJson);

        // Act
        var result = Schema.Evaluate(json.RootElement);

        // Assert
        Assert.False(result.IsValid);
    }

    // The raw document (not the model, which drops what it does not know) as JSON.
    private static string ToJsonText(string yaml) =>
        Pipelines.Core.Definitions.Parsing.YamlSourceReader.Read(yaml).Root!.ToJsonString();

    private static string Describe(EvaluationResults result) =>
        string.Join(Environment.NewLine, (result.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));
}
