using System.Text.Json.Nodes;
using Pipelines.Core.Definitions;
using Pipelines.Core.Tests.Support;

namespace Pipelines.Core.Tests.Definitions;

public sealed class DefinitionSerializerTests
{
    [Fact]
    public void ContentHash_KeyOrderAndFormatting_DoNotMatter()
    {
        // Arrange
        var first = TestYaml.Validate(TestYaml.Pipeline("""
              a: { uses: chat, providers: [openai-main], with: { prompt: hi, temperature: 0 } }
              b: { uses: embed, providers: [local-minilm] }
            """)).Definition!;
        var second = TestYaml.Validate(TestYaml.Pipeline("""
              b:
                providers: [local-minilm]
                uses: embed
              a:
                with:
                  temperature: 0
                  prompt: "hi"
                providers: [openai-main]
                uses: chat
            """)).Definition!;

        // Act
        var firstHash = DefinitionSerializer.ContentHash(first);
        var secondHash = DefinitionSerializer.ContentHash(second);

        // Assert
        Assert.Equal(firstHash, secondHash);
        Assert.Matches("^[0-9a-f]{64}$", firstHash);
    }

    [Fact]
    public void ContentHash_LayoutChange_ChangesHash()
    {
        // Arrange
        var definition = TestYaml.Validate(TestYaml.Valid).Definition!;
        var moved = definition with { Layout = new Dictionary<string, LayoutPosition> { ["a"] = new(10, 20) } };

        // Act
        // Assert
        Assert.NotEqual(DefinitionSerializer.ContentHash(definition), DefinitionSerializer.ContentHash(moved));
    }

    [Fact]
    public void ToJson_EmptyCollections_AreOmittedButEmptyWithIsKept()
    {
        // Arrange
        var definition = new PipelineDefinition
        {
            Id = "p",
            Title = "P",
            Steps = new Dictionary<string, StepDefinition> { ["t"] = new() { Uses = "transform", With = [] } },
        };

        // Act
        var json = JsonNode.Parse(DefinitionSerializer.ToJson(definition))!;

        // Assert
        Assert.Equal(
            """{"apiVersion":"pipelines/v1","kind":"Pipeline","id":"p","title":"P","steps":{"t":{"uses":"transform","with":{}}}}""",
            json.ToJsonString());
    }

    [Theory]
    [InlineData("true")]
    [InlineData("123")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("{{ inputs.text }}")]
    [InlineData("- dash")]
    [InlineData("line one\nline two\n")]
    [InlineData("  leading and trailing  ")]
    [InlineData("key: value # not a comment")]
    [InlineData("tab\there, quote ' and \" and \\")]
    public void ToYaml_AwkwardStrings_ReadBackUnchanged(string value)
    {
        // Arrange
        var definition = new PipelineDefinition
        {
            Id = "p",
            Title = value.Length == 0 ? "t" : value,
            Steps = new Dictionary<string, StepDefinition> { ["t"] = new() { Uses = "transform", With = new JsonObject { ["v"] = value } } },
        };

        // Act
        var yaml = DefinitionSerializer.ToYaml(definition);
        var reread = TestYaml.Validate(yaml).Definition!;

        // Assert
        Assert.Equal(DefinitionSerializer.ToJson(definition), DefinitionSerializer.ToJson(reread));
    }

    [Fact]
    public void FromJson_ToJsonOutput_ReadsBackEqual()
    {
        // Arrange
        var definition = TestYaml.Validate(TestYaml.Valid).Definition!;
        var json = DefinitionSerializer.ToJson(definition);

        // Act
        var reread = DefinitionSerializer.FromJson(json);

        // Assert
        Assert.Equal(json, DefinitionSerializer.ToJson(reread));
        Assert.Equal(StepKind.Capability, reread.Steps["a"].Kind);
    }
}
