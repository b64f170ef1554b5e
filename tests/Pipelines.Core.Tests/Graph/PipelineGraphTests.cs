using Pipelines.Core.Definitions;
using Pipelines.Core.Graph;

namespace Pipelines.Core.Tests.Graph;

public sealed class PipelineGraphTests
{
    private static PipelineDefinition Definition(params (string Id, string[] Needs)[] steps) => new()
    {
        Id = "g",
        Title = "G",
        Steps = steps.ToDictionary(s => s.Id, s => new StepDefinition { Uses = "transform", Needs = s.Needs }),
    };

    [Fact]
    public void TopologicalOrder_Diamond_PutsNeedsFirstAndKeepsDeclarationOrder()
    {
        // Arrange
        var definition = Definition(("d", ["b", "c"]), ("c", ["a"]), ("b", ["a"]), ("a", []));

        // Act
        var graph = PipelineGraph.Build(definition);

        // Assert
        Assert.Equal(["a", "c", "b", "d"], graph.TopologicalOrder);
        Assert.False(graph.HasCycles);
    }

    [Fact]
    public void Cycles_ThreeStepLoop_NamedFromFirstDeclaredStep()
    {
        // Arrange
        var definition = Definition(("start", []), ("a", ["c", "start"]), ("b", ["a"]), ("c", ["b"]), ("after", ["a"]));

        // Act
        var graph = PipelineGraph.Build(definition);

        // Assert
        var cycle = Assert.Single(graph.Cycles);
        Assert.Equal("a -> c -> b -> a", PipelineGraph.Describe(cycle));
        Assert.Equal(["start"], graph.TopologicalOrder);
    }

    [Fact]
    public void Cycles_TwoSeparateLoops_BothReported()
    {
        // Arrange
        var definition = Definition(("a", ["b"]), ("b", ["a"]), ("x", ["y"]), ("y", ["x"]));

        // Act
        var graph = PipelineGraph.Build(definition);

        // Assert
        Assert.Equal(["a -> b -> a", "x -> y -> x"], graph.Cycles.Select(PipelineGraph.Describe));
    }

    [Fact]
    public void Build_UnknownAndSelfNeeds_AreIgnored()
    {
        // Arrange
        var definition = Definition(("a", ["a", "ghost"]), ("b", ["a", "a"]));

        // Act
        var graph = PipelineGraph.Build(definition);

        // Assert
        Assert.Empty(graph.NeedsOf("a"));
        Assert.Equal(["a"], graph.NeedsOf("b"));
        Assert.Equal(["a", "b"], graph.TopologicalOrder);
    }

    [Fact]
    public void ReadySteps_AsStepsComplete_ReleasesDependents()
    {
        // Arrange
        var graph = PipelineGraph.Build(Definition(("a", []), ("b", []), ("c", ["a", "b"]), ("d", ["c"])));

        // Act
        var initially = graph.ReadySteps(new HashSet<string>());
        var afterA = graph.ReadySteps(new HashSet<string> { "a" });
        var afterAb = graph.ReadySteps(new HashSet<string> { "a", "b" });
        var afterAll = graph.ReadySteps(new HashSet<string> { "a", "b", "c", "d" });

        // Assert
        Assert.Equal(["a", "b"], initially);
        Assert.Equal(["b"], afterA);
        Assert.Equal(["c"], afterAb);
        Assert.Empty(afterAll);
    }

    [Fact]
    public void UpstreamOf_Chain_IsTransitive()
    {
        // Arrange
        var graph = PipelineGraph.Build(Definition(("a", []), ("b", ["a"]), ("c", ["b"]), ("x", [])));

        // Act
        var upstream = graph.UpstreamOf("c");

        // Assert
        Assert.Equal(["a", "b"], upstream.Order(StringComparer.Ordinal));
        Assert.Equal(["b"], graph.DependentsOf("a"));
    }
}
