using NetArchTest.Rules;

namespace Pipelines.Api.Tests;

/// <summary>Dependencies point inward (ARCHITECTURE.md): Core knows nothing of hosting, storage or messaging.</summary>
public sealed class ArchitectureTests
{
    [Theory]
    [InlineData("Pipelines.Api")]
    [InlineData("Marten")]
    [InlineData("MassTransit")]
    [InlineData("Microsoft.AspNetCore")]
    [InlineData("Npgsql")]
    public void Core_DependsOnNothingOutward(string forbidden)
    {
        // Act
        var result = Types.InAssembly(typeof(Pipelines.Core.Definitions.DefinitionFormat).Assembly)
            .ShouldNot().HaveDependencyOn(forbidden)
            .GetResult();

        // Assert
        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }
}
