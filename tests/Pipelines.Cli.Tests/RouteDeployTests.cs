using System.Net.Http.Json;
using System.Text.Json;
using Pipelines.Testing;

namespace Pipelines.Cli.Tests;

/// <summary><c>pipelines deploy</c> with route files (<c>kind: Route</c>) beside definitions.</summary>
[Collection(CliCollection.Name)]
public sealed class RouteDeployTests(CliFixture fixture)
{
    private static string RouteFile(string name, string deadline) => $$"""
        apiVersion: pipelines/v1
        kind: Route
        name: {{name}}
        description: Support chat with a backup
        providers: [demo-chat-primary, demo-chat-backup]
        policy:
          strategy: ordered
          swapOn: [unavailable, rate_limited, stalled]
          deadline: {{deadline}}
        constraints:
          residency: []
        """;

    [Fact]
    public async Task Deploy_RouteFileTwice_SecondReportsNoChange_ThenAChangedFileUpdatesIt()
    {
        // Arrange
        using var files = new TestFiles();
        var name = TestDefinitions.NewId("route");
        var pipeline = TestDefinitions.NewId("cli");
        files.Write("route.yaml", RouteFile(name, "30s"));
        files.Write("shout.yaml", TestFiles.TransformOnly(pipeline));
        var first = await fixture.RunAsync("deploy", files.Folder);

        // Act
        var second = await fixture.RunAsync("deploy", files.Folder);
        files.Write("route.yaml", RouteFile(name, "10s"));
        var changed = await fixture.RunAsync("deploy", files.Folder);

        // Assert
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("Routes: created 1, updated 0, unchanged 0", first.Output, StringComparison.Ordinal);
        Assert.Contains("created 1, updated 0, published 0, unchanged 0", first.Output, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("Routes: created 0, updated 0, unchanged 1", second.Output, StringComparison.Ordinal);
        Assert.True(changed.ExitCode == 0, changed.ToString());
        Assert.Contains("Routes: created 0, updated 1, unchanged 0", changed.Output, StringComparison.Ordinal);
        using var client = fixture.Client();
        var route = await client.GetFromJsonAsync<JsonElement>($"/api/v1/routes/{name}");
        Assert.Equal("10s", route.GetProperty("policy").GetProperty("deadline").GetString());
        Assert.Equal(2, route.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Deploy_RouteWithUnknownProvider_FailsNamingTheFileAndField()
    {
        // Arrange
        using var files = new TestFiles();
        var path = files.Write("bad-route.yaml", RouteFile(TestDefinitions.NewId("route"), "30s").Replace("demo-chat-backup", "nobody", StringComparison.Ordinal));

        // Act
        var result = await fixture.RunAsync("deploy", path);

        // Assert
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Routes: created 0, updated 0, unchanged 0, failed 1", result.Output, StringComparison.Ordinal);
        Assert.Contains("bad-route.yaml", result.Error, StringComparison.Ordinal);
        Assert.Contains("/providers/1", result.Error, StringComparison.Ordinal);
    }
}
