using Pipelines.Core.Definitions;
using Pipelines.Core.Tests.Support;

namespace Pipelines.Core.Tests.Definitions;

public sealed class ExampleDefinitionsTests
{
    public static TheoryData<string> Examples() => [.. RepoPaths.ExampleFiles().Select(f => Path.GetFileName(f))];

    [Fact]
    public void Examples_Exist_AtLeastThree()
    {
        // Arrange
        // Act
        var files = RepoPaths.ExampleFiles().ToList();

        // Assert
        Assert.True(files.Count >= 3, $"Expected at least three examples in {RepoPaths.Pipelines}.");
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Validate_ExampleFile_HasNoDiagnostics(string file)
    {
        // Arrange
        var text = File.ReadAllText(Path.Combine(RepoPaths.Pipelines, file));

        // Act
        var result = new DefinitionValidator().Validate(text, DefinitionFormat.Yaml);

        // Assert
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Diagnostics));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Validate_ExampleFileWithProviderCatalog_HasNoDiagnostics(string file)
    {
        // Arrange
        var text = File.ReadAllText(Path.Combine(RepoPaths.Pipelines, file));
        var validator = new DefinitionValidator(new ValidationOptions(TestCatalog.Registered));

        // Act
        var result = validator.Validate(text, DefinitionFormat.Yaml);

        // Assert
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Diagnostics));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void ExampleFile_StartsWithSchemaModeline(string file)
    {
        // Arrange
        var firstLine = File.ReadLines(Path.Combine(RepoPaths.Pipelines, file)).First();

        // Act
        // Assert
        Assert.Equal("# yaml-language-server: $schema=../docs/pipeline.schema.json", firstLine);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void RoundTrip_YamlToModelToJsonToModel_LosesNothing(string file)
    {
        // Arrange
        var text = File.ReadAllText(Path.Combine(RepoPaths.Pipelines, file));
        var fromYaml = new DefinitionValidator().Validate(text, DefinitionFormat.Yaml).Definition!;

        // Act
        var json = DefinitionSerializer.ToJson(fromYaml);
        var fromJson = DefinitionSerializer.FromJson(json);
        var revalidated = new DefinitionValidator().Validate(json, DefinitionFormat.Json);

        // Assert
        Assert.Equal(json, DefinitionSerializer.ToJson(fromJson));
        Assert.True(revalidated.IsValid, string.Join(Environment.NewLine, revalidated.Diagnostics));
        Assert.Equal(json, DefinitionSerializer.ToJson(revalidated.Definition!));
        Assert.Equal(DefinitionSerializer.ContentHash(fromYaml), DefinitionSerializer.ContentHash(fromJson));
        Assert.Equal(fromYaml.Steps.Keys, fromJson.Steps.Keys);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void RoundTrip_ModelToYamlToModel_LosesNothing(string file)
    {
        // Arrange
        var text = File.ReadAllText(Path.Combine(RepoPaths.Pipelines, file));
        var original = new DefinitionValidator().Validate(text, DefinitionFormat.Yaml).Definition!;

        // Act
        var yaml = DefinitionSerializer.ToYaml(original);
        var reread = new DefinitionValidator().Validate(yaml, DefinitionFormat.Yaml);

        // Assert
        Assert.True(reread.IsValid, yaml + Environment.NewLine + string.Join(Environment.NewLine, reread.Diagnostics));
        Assert.Equal(DefinitionSerializer.ToJson(original), DefinitionSerializer.ToJson(reread.Definition!));
    }
}
