using System.Text.Json.Nodes;
using Pipelines.Core.Definitions;
using Pipelines.Core.Tests.Support;

namespace Pipelines.Core.Tests.Definitions;

public sealed class RunInputsTests
{
    private static readonly PipelineDefinition Definition = TestYaml.Validate(TestYaml.Valid.Replace("inputs:\n", """
        inputs:
          mode: { type: string, enum: [fast, slow], default: fast }
          ratio: { type: number, minimum: 0, maximum: 1, required: false }
          tags: { type: array, items: { type: string, maxLength: 3 }, required: false }

        """, StringComparison.Ordinal)).Definition!;

    [Fact]
    public void Validate_GoodInputs_HasNoDiagnostics()
    {
        // Arrange
        var inputs = JsonNode.Parse("""{ "text": "hello", "count": 2, "ratio": 0.5, "tags": ["a", "bc"] }""")!.AsObject();

        // Act
        var diagnostics = RunInputs.Validate(Definition, inputs);

        // Assert
        Assert.Empty(diagnostics);
    }

    [Fact]
    public void Validate_BadInputs_ReportsEachProblem()
    {
        // Arrange
        var inputs = JsonNode.Parse("""{ "count": 2.5, "mode": "medium", "ratio": 2, "tags": ["long"], "other": 1 }""")!.AsObject();

        // Act
        var diagnostics = RunInputs.Validate(Definition, inputs);

        // Assert
        Assert.Equal(
            [
                (DiagnosticCodes.RunInputUnknown, "/other"),
                (DiagnosticCodes.RunInputOutOfRange, "/mode"),
                (DiagnosticCodes.RunInputOutOfRange, "/ratio"),
                (DiagnosticCodes.RunInputOutOfRange, "/tags"),
                (DiagnosticCodes.RunInputMissing, "/text"),
                (DiagnosticCodes.RunInputWrongType, "/count"),
            ],
            diagnostics.Select(d => (d.Code, d.Pointer)));
    }

    [Fact]
    public void WithDefaults_MissingInputs_AreFilledFromDefaults()
    {
        // Arrange
        var inputs = new JsonObject { ["text"] = "x" };

        // Act
        var completed = RunInputs.WithDefaults(Definition, inputs);

        // Assert
        Assert.Equal("""{"text":"x","mode":"fast","count":1}""", completed.ToJsonString());
        Assert.Single(inputs);
    }
}
