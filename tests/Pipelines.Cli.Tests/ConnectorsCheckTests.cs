using System.Text.Json;
using Pipelines.Testing;

namespace Pipelines.Cli.Tests;

/// <summary><c>pipelines connectors check</c>: the conformance kit as an author runs it, against the Python sample.</summary>
public sealed class ConnectorsCheckTests
{
    [Fact]
    public async Task Check_PythonSample_ExitsZeroWithPassedReport()
    {
        // Arrange
        await using var sample = await PythonConnector.StartAsync();

        // Act
        var result = await CliProcess.RunAsync(["connectors", "check", sample.Url.AbsoluteUri]);

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("PASS  invoke.keywords-v1.classify", result.Output, StringComparison.Ordinal);
        Assert.Contains("0 failed", result.Output, StringComparison.Ordinal);
        Assert.EndsWith("PASSED", result.Output.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_BrokenSampleAsJson_ExitsOneWithFailedChecks()
    {
        // Arrange
        await using var sample = await PythonConnector.StartAsync("--broken");

        // Act
        var result = await CliProcess.RunAsync(["connectors", "check", sample.Url.AbsoluteUri, "--format", "json", "--deadline", "1s"]);

        // Assert
        Assert.True(result.ExitCode == 1, result.ToString());
        var report = JsonSerializer.Deserialize<JsonElement>(result.Output);
        Assert.False(report.GetProperty("passed").GetBoolean());
        var shape = report.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "manifest.shape");
        Assert.Equal("Failed", shape.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Check_SecretFromEnvironment_PassesAndIsNeverPrinted()
    {
        // Arrange
        const string Secret = "cli-test-secret-77";
        await using var sample = await PythonConnector.StartAsync("--secret", Secret);

        // Act
        var result = await CliProcess.RunAsync(
            ["connectors", "check", sample.Url.AbsoluteUri],
            new Dictionary<string, string> { ["PIPELINES_CONNECTOR_SECRET"] = Secret });

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("PASS  auth.required", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.Output + result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-url")]
    [InlineData("ftp://127.0.0.1/")]
    public async Task Check_NotAnHttpUrl_ExitsTwo(string url)
    {
        // Act
        var result = await CliProcess.RunAsync(["connectors", "check", url]);

        // Assert
        Assert.True(result.ExitCode == 2, result.ToString());
    }

    [Fact]
    public async Task Check_NothingListening_ExitsOneSayingUnreachable()
    {
        // Act
        var result = await CliProcess.RunAsync(["connectors", "check", $"http://127.0.0.1:{FreePort.Next()}"]);

        // Assert
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("could not connect", result.Output, StringComparison.Ordinal);
    }
}
