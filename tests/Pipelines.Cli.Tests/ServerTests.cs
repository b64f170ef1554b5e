using System.Net.Http.Json;
using System.Text.Json;
using Pipelines.Testing;

namespace Pipelines.Cli.Tests;

/// <summary>deploy, diff, run and export against the real service process.</summary>
[Collection(CliCollection.Name)]
public sealed class ServerTests(CliFixture fixture)
{
    private static readonly string[] Examples = ["document-qa", "market-signal", "support-triage"];

    [Fact]
    public async Task Deploy_ExamplesTwice_SecondChangesNothing()
    {
        // Arrange
        var first = await fixture.RunAsync("deploy", "pipelines", "--publish");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("created 3, updated 0, published 3, unchanged 0", first.Output, StringComparison.Ordinal);

        // Act
        var second = await fixture.RunAsync("deploy", "pipelines", "--publish");

        // Assert
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("created 0, updated 0, published 0, unchanged 3, archived 0", second.Output, StringComparison.Ordinal);
        using var client = fixture.Client();
        foreach (var id in Examples)
        {
            var versions = await client.GetFromJsonAsync<JsonElement>($"/api/v1/pipelines/{id}/versions");
            Assert.Equal(1, versions.GetArrayLength());
            var pipeline = await client.GetFromJsonAsync<JsonElement>($"/api/v1/pipelines/{id}");
            Assert.Equal(1, pipeline.GetProperty("draftRevision").GetInt32());
        }
    }

    [Fact]
    public async Task Deploy_ChangedFile_DiffShowsItAndDeployUpdatesOnlyIt()
    {
        // Arrange
        using var files = new TestFiles();
        var id = TestDefinitions.NewId("cli");
        var path = files.Write("shout.yaml", TestFiles.TransformOnly(id));
        var created = await fixture.RunAsync("deploy", files.Folder, "--publish");
        Assert.True(created.ExitCode == 0, created.ToString());
        files.Write("shout.yaml", TestFiles.TransformOnly(id, suffix: "!"));

        // Act
        var diff = await fixture.RunAsync("diff", path);
        var dryRun = await fixture.RunAsync("deploy", path, "--publish", "--dry-run");
        var deploy = await fixture.RunAsync("deploy", path, "--publish");

        // Assert
        Assert.True(diff.ExitCode == 0, diff.ToString());
        Assert.Contains($"~ {id}", diff.Output, StringComparison.Ordinal);
        Assert.Contains("steps.shout", diff.Output, StringComparison.Ordinal);
        Assert.Contains("Dry run, nothing changed: created 0, updated 1, published 1", dryRun.Output, StringComparison.Ordinal);
        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        Assert.Contains("created 0, updated 1, published 1, unchanged 0", deploy.Output, StringComparison.Ordinal);
        Assert.Contains("v2", deploy.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunWait_TransformPipeline_PrintsOutputsAndExitsZero()
    {
        // Arrange
        using var files = new TestFiles();
        var id = TestDefinitions.NewId("cli");
        var deploy = await fixture.RunAsync("deploy", files.Write("shout.yaml", TestFiles.TransformOnly(id)), "--publish");
        Assert.True(deploy.ExitCode == 0, deploy.ToString());

        // Act
        var result = await fixture.RunAsync("run", id, "--input", "text=hello", "--wait", "--timeout", "30s");

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("HELLO", JsonDocument.Parse(result.Output).RootElement.GetProperty("shouted").GetString());
        Assert.Contains("shout: succeeded", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunWait_StepFails_ExitsOneNamingTheStep()
    {
        // Arrange
        using var files = new TestFiles();
        var id = TestDefinitions.NewId("cli");
        var inputs = files.Write("inputs.json", """{ "text": "hello" }""");
        var deploy = await fixture.RunAsync("deploy", files.Write("doomed.yaml", TestFiles.FailingAtAsk(id)), "--publish");
        Assert.True(deploy.ExitCode == 0, deploy.ToString());

        // Act
        var result = await fixture.RunAsync("run", id, "--input", "@" + inputs, "--wait", "--timeout", "30s");

        // Assert
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("failed at step 'ask'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_PublishedVersion_PrintsItsYaml()
    {
        // Arrange
        using var files = new TestFiles();
        var id = TestDefinitions.NewId("cli");
        var deploy = await fixture.RunAsync("deploy", files.Write("shout.yaml", TestFiles.TransformOnly(id)), "--publish");
        Assert.True(deploy.ExitCode == 0, deploy.ToString());

        // Act
        var result = await fixture.RunAsync("export", id, "--version", "1");

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"id: {id}", result.Output, StringComparison.Ordinal);
        Assert.Contains("uses: transform", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProvidersList_Json_ListsTheServersProviders()
    {
        // Arrange
        using var client = fixture.Client();
        var expected = await client.GetFromJsonAsync<JsonElement>("/api/v1/providers");

        // Act
        var result = await fixture.RunAsync("providers", "list", "--format", "json");

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(expected.GetArrayLength(), JsonDocument.Parse(result.Output).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task ProvidersHealth_OneProvider_Json_MatchesTheServersView_AllProviders_TextHasOneLineEach()
    {
        // Arrange
        using var client = fixture.Client();
        var providers = await client.GetFromJsonAsync<JsonElement>("/api/v1/providers");
        var expected = await client.GetFromJsonAsync<JsonElement>("/api/v1/providers/local-minilm/health");

        // Act
        var one = await fixture.RunAsync("providers", "health", "local-minilm", "--format", "json");
        var all = await fixture.RunAsync("providers", "health");

        // Assert
        Assert.True(one.ExitCode == 0, one.ToString());
        var health = JsonDocument.Parse(one.Output).RootElement;
        Assert.Equal("local-minilm", health.GetProperty("id").GetString());
        Assert.Equal(expected.GetProperty("circuit").GetProperty("state").GetString(), health.GetProperty("circuit").GetProperty("state").GetString());
        Assert.True(all.ExitCode == 0, all.ToString());
        Assert.Equal(providers.GetArrayLength() + 1, all.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Deploy_WrongApiKey_ExitsThreeWithoutPrintingTheKey()
    {
        // Arrange
        const string WrongKey = "pk_wrong_0123456789abcdef";

        // Act
        var result = await CliProcess.RunAsync(
            ["deploy", "pipelines", "--server", fixture.Service.Address.ToString(), "--api-key", WrongKey]);

        // Assert
        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("401", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongKey, result.Output + result.Error, StringComparison.Ordinal);
    }
}
