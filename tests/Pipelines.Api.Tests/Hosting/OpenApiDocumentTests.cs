using System.Text.Json.Nodes;
using Pipelines.Api.Tests.Support;
using Pipelines.Testing;

namespace Pipelines.Api.Tests.Hosting;

/// <summary>The committed openapi/openapi.json is the contract clients build against; it must match what the app serves.</summary>
[Collection(ApiCollection.Name)]
public sealed class OpenApiDocumentTests(ApiFixture api)
{
    private const string RegenerateCommand = "UPDATE_OPENAPI=1 deploy/local/test.sh --filter OpenApiDocumentTests";

    [Fact]
    public async Task ServedDocument_MatchesCommittedFile()
    {
        // Arrange
        var committedPath = Path.Combine(RepositoryRoot.Path, "openapi", "openapi.json");
        var served = JsonNode.Parse(await api.Anonymous().GetStringAsync("/swagger/v1/swagger.json"))!;
        var servedText = served.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(committedPath, servedText);
        }

        // Act
        var committed = File.Exists(committedPath) ? await File.ReadAllTextAsync(committedPath) : "";

        // Assert
        Assert.True(
            JsonNode.DeepEquals(served, JsonNode.Parse(committed.Length == 0 ? "{}" : committed)),
            $"openapi/openapi.json is out of date with the app. Regenerate it with: {RegenerateCommand}");
    }
}
