namespace Pipelines.Cli.Tests;

/// <summary>validate is offline: no server, no key.</summary>
public sealed class ValidateTests
{
    [Fact]
    public async Task Validate_ExamplePipelines_ExitsZero()
    {
        // Arrange
        // Act
        var result = await CliProcess.RunAsync(["validate", "pipelines"]);

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("3 file(s) valid", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_BrokenFile_FailsWithFileLineAndCode()
    {
        // Arrange
        using var files = new TestFiles();
        var broken = files.Write("broken.yaml", TestFiles.Broken);

        // Act
        var result = await CliProcess.RunAsync(["validate", broken, "pipelines"]);

        // Assert
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"{broken}:8:", result.Output, StringComparison.Ordinal);
        Assert.Contains("PIPE010", result.Output, StringComparison.Ordinal);
        Assert.Contains("1 of 4 file(s) invalid", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_GitHubFormat_WritesErrorAnnotations()
    {
        // Arrange
        using var files = new TestFiles();
        files.Write("broken.yaml", TestFiles.Broken);

        // Act: relative to the working folder, as a CI checkout would name it.
        var result = await CliProcess.RunAsync(["validate", "--format", "github", "."], workingDirectory: files.Folder);

        // Assert
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("::error file=broken.yaml,line=8,col=", result.Output, StringComparison.Ordinal);
        Assert.Contains("::PIPE010 'ghost'", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_JsonFormat_ListsDiagnostics()
    {
        // Arrange
        using var files = new TestFiles();
        var broken = files.Write("broken.yaml", TestFiles.Broken);

        // Act
        var result = await CliProcess.RunAsync(["validate", "--format", "json", broken]);

        // Assert
        Assert.Equal(1, result.ExitCode);
        using var report = System.Text.Json.JsonDocument.Parse(result.Output);
        Assert.False(report.RootElement.GetProperty("valid").GetBoolean());
        var diagnostic = report.RootElement.GetProperty("files")[0].GetProperty("diagnostics")[0];
        Assert.Equal("PIPE010", diagnostic.GetProperty("code").GetString());
        Assert.Equal(8, diagnostic.GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task Validate_UnknownFormat_ExitsTwo()
    {
        // Arrange
        // Act
        var result = await CliProcess.RunAsync(["validate", "--format", "xml", "pipelines"]);

        // Assert
        Assert.True(result.ExitCode == 2, result.ToString());
    }

    [Fact]
    public async Task Deploy_NoServerConfigured_ExitsTwo()
    {
        // Arrange
        // Act
        var result = await CliProcess.RunAsync(["deploy", "pipelines"]);

        // Assert
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("PIPELINES_URL", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deploy_UnreachableServer_ExitsThree()
    {
        // Arrange: a free port nobody listens on.
        var address = $"http://127.0.0.1:{Pipelines.Testing.FreePort.Next()}";

        // Act
        var result = await CliProcess.RunAsync(["deploy", "pipelines", "--server", address, "--api-key", "pk_whatever"]);

        // Assert
        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("Cannot reach the server", result.Error, StringComparison.Ordinal);
    }
}
