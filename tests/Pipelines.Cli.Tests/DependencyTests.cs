using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Pipelines.Cli.Tests;

/// <summary>STYLE.md "Project references": the tool carries Core and nothing else of ours (no Marten, no MassTransit).</summary>
public sealed class DependencyTests
{
    [Fact]
    public void References_BuiltTool_OnlyCoreOfOurs()
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
        Assert.Equal(["Pipelines.Core"], references.Where(name => name.StartsWith("Pipelines.", StringComparison.Ordinal)));
        Assert.DoesNotContain(references, name => name.StartsWith("Marten", StringComparison.Ordinal) || name.StartsWith("MassTransit", StringComparison.Ordinal));
        var deps = File.ReadAllText(Path.ChangeExtension(CliProcess.Path, ".deps.json"));
        Assert.DoesNotContain("Marten", deps, StringComparison.Ordinal);
        Assert.DoesNotContain("MassTransit", deps, StringComparison.Ordinal);
    }
}
