using Pipelines.Testing;

namespace Pipelines.Api.Tests.Hosting;

/// <summary>The committed OpenAPI document passes Redocly's recommended rules without an error.</summary>
public sealed class OpenApiLintTests
{
    [Fact]
    public async Task CommittedDocument_LintsWithoutErrors()
    {
        // Arrange
        var folder = await NodePackages.InstallAsync("@redocly/cli@2.77.0");
        var document = Path.Combine(RepositoryRoot.Path, "openapi", "openapi.json");

        // Act
        var (code, output) = await NodePackages.BinAsync(folder, "redocly", ["lint", document], TimeSpan.FromMinutes(2));

        // Assert
        Assert.True(code == 0, output);
        Assert.Contains("Your API description is valid", output, StringComparison.Ordinal);
    }
}
