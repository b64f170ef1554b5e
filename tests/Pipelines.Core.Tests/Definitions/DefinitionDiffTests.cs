using Pipelines.Core.Definitions;
using Pipelines.Core.Tests.Support;

namespace Pipelines.Core.Tests.Definitions;

public sealed class DefinitionDiffTests
{
    private static readonly PipelineDefinition Before = Parse(TestYaml.Pipeline("""
          a: { uses: chat, providers: [openai-main], with: { prompt: "{{ inputs.text }}", temperature: 0.2 } }
          b: { uses: embed, providers: [local-minilm] }
        """, "outputs:\n  answer: \"{{ steps.a.output.text }}\""));

    [Fact]
    public void Compare_SameDefinition_HasNoChanges()
    {
        // Arrange
        var same = Parse(DefinitionSerializer.ToYaml(Before));

        // Act
        var diff = DefinitionDiff.Compare(Before, same);

        // Assert
        Assert.False(diff.HasChanges);
    }

    [Fact]
    public void Compare_StepsAddedRemovedAndChanged_ReportsEachWithFieldPaths()
    {
        // Arrange
        var after = Parse(TestYaml.Pipeline("""
              a: { uses: chat, providers: [openai-main, azure-backup], with: { prompt: "{{ inputs.text }}" }, timeout: 5s }
              c: { uses: classify, providers: [local-minilm] }
            """, "outputs:\n  answer: \"{{ steps.a.output.text }}\""));

        // Act
        var diff = DefinitionDiff.Compare(Before, after);

        // Assert
        Assert.Equal(["c"], diff.StepsAdded);
        Assert.Equal(["b"], diff.StepsRemoved);
        var change = Assert.Single(diff.StepsChanged);
        Assert.Equal("a", change.StepId);
        Assert.Equal(
            [
                new FieldChange("steps.a.with.temperature", "0.2", null),
                new FieldChange("steps.a.providers", """["openai-main"]""", """["openai-main","azure-backup"]"""),
                new FieldChange("steps.a.timeout", null, "\"5s\""),
            ],
            change.Changes);
        Assert.Empty(diff.Changes);
    }

    [Fact]
    public void Compare_TopLevelInputsOutputsAndLayout_ReportedAsFieldChanges()
    {
        // Arrange
        var after = Before with
        {
            Title = "Renamed",
            Inputs = new Dictionary<string, InputDefinition>(Before.Inputs) { ["text"] = Before.Inputs["text"] with { MaxLength = 10 } },
            Outputs = new Dictionary<string, string> { ["answer"] = "{{ steps.b.output.vector }}" },
            Layout = new Dictionary<string, LayoutPosition> { ["a"] = new(1, 2) },
        };

        // Act
        var diff = DefinitionDiff.Compare(Before, after);

        // Assert
        Assert.Equal(
            ["title", "inputs.text.maxLength", "outputs.answer", "layout"],
            diff.Changes.Select(c => c.Path));
        Assert.Empty(diff.StepsChanged);
    }

    private static PipelineDefinition Parse(string yaml)
    {
        var result = TestYaml.Validate(yaml);
        Assert.True(result.IsValid, TestYaml.Describe(result));
        return result.Definition!;
    }
}
