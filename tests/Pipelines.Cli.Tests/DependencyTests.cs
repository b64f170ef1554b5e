using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Pipelines.Cli.Tests;

/// <summary>
/// STYLE.md "Project references": the tool carries Core, the connector conformance kit and the connector SDK it needs,
/// and nothing else of ours (no Engine, no Marten, no MassTransit).
/// </summary>
public sealed class DependencyTests
{
    [Fact]
    public void References_BuiltTool_OnlyCoreAndTheConformanceKitOfOurs()
    {
        // Arrange
        using var stream = File.OpenRead(CliProcess.Path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();

        // Act
        var references = metadata.AssemblyReferences
            .Select(handle => metadata.GetString(metadata.GetAssemblyReference(handle).Name))
            .ToList();

        // Assert
        string[] allowed = ["Pipelines.Core", "Pipelines.Connectors.Conformance", "Pipelines.Connectors.Abstractions"];
        var ours = references.Where(name => name.StartsWith("Pipelines.", StringComparison.Ordinal)).ToList();
        Assert.Contains("Pipelines.Core", ours);
        Assert.Contains("Pipelines.Connectors.Conformance", ours);
        Assert.All(ours, name => Assert.Contains(name, allowed));
        Assert.DoesNotContain(references, name => name.StartsWith("Marten", StringComparison.Ordinal) || name.StartsWith("MassTransit", StringComparison.Ordinal));
        var deps = File.ReadAllText(Path.ChangeExtension(CliProcess.Path, ".deps.json"));
        Assert.DoesNotContain("Marten", deps, StringComparison.Ordinal);
        Assert.DoesNotContain("MassTransit", deps, StringComparison.Ordinal);
    }
}
