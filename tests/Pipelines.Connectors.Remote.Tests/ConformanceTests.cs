using Pipelines.Connectors.Conformance;
using Pipelines.Testing;

namespace Pipelines.Connectors.Remote.Tests;

public sealed class ConformanceTests(SampleConnectorsFixture samples) : IClassFixture<SampleConnectorsFixture>
{
    [Fact]
    public async Task Run_PythonSample_EveryCheckPasses()
    {
        // Act
        var report = await ConformanceSuite.RunAsync(samples.Good.Url);

        // Assert
        Assert.True(report.Passed, report.ToText());
        Assert.All(report.Checks, c => Assert.Equal(CheckStatus.Passed, c.Status));
        Assert.Equal("python-keywords", report.Connector);
        Assert.Equal("1.0.0", report.Version);
        Assert.NotNull(report.Manifest);
        string[] expected =
        [
            "manifest.reachable", "manifest.protocol", "manifest.shape", "health",
            "invoke.keywords-v1.classify", "usage.keywords-v1.classify", "invalid_input.keywords-v1.classify",
            "invoke.keywords-v1.embed", "invoke.keywords-v1.embed.batch", "invoke.keywords-v1.chat", "stream.keywords-v1.chat",
            "errors.unknown_capability", "errors.unknown_model", "errors.malformed_body", "deadline.expired", "deadline.honoured",
        ];
        Assert.All(expected, name => Assert.NotNull(report.Find(name)));
        Assert.EndsWith("PASSED\n", report.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_BrokenSample_ReportsEachViolation()
    {
        // Act
        var report = await ConformanceSuite.RunAsync(samples.Broken.Url, new ConformanceOptions { Deadline = TimeSpan.FromSeconds(1), Grace = TimeSpan.FromSeconds(1) });

        // Assert
        Assert.False(report.Passed);
        Failed(report, "manifest.shape", "'version' is missing");
        Failed(report, "health", "500");
        Failed(report, "invoke.keywords-v1.classify", "is not one of the labels");
        Failed(report, "usage.keywords-v1.classify", "'usage' is missing");
        Failed(report, "invoke.keywords-v1.embed", "output.vector");
        Failed(report, "invalid_input.keywords-v1.classify", "expected 400 with error class invalid_request");
        Failed(report, "errors.unknown_capability", "Answered 500");
        Failed(report, "errors.malformed_body", "Answered 500");
        Failed(report, "deadline.expired", "expected 504 with error class timeout");
        Failed(report, "deadline.honoured", "(chat)");
        Assert.Equal(CheckStatus.Passed, report.Find("manifest.protocol")!.Status);
        Assert.Contains("FAIL  manifest.shape", report.ToText(), StringComparison.Ordinal);
        Assert.EndsWith("FAILED\n", report.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_BearerSampleWithSecret_ChecksTheSecretIsRequired()
    {
        // Act
        var report = await ConformanceSuite.RunAsync(samples.Guarded.Url, new ConformanceOptions { Secret = SampleConnectorsFixture.Secret });

        // Assert
        Assert.True(report.Passed, report.ToText());
        Assert.Equal(CheckStatus.Passed, report.Find("auth.required")!.Status);
    }

    [Fact]
    public async Task Run_BearerSampleWithoutSecret_FailsAskingForIt()
    {
        // Act
        var report = await ConformanceSuite.RunAsync(samples.Guarded.Url);

        // Assert
        Failed(report, "manifest.reachable", "asks for its bearer secret");
    }

    [Fact]
    public async Task Run_NothingListening_FailsAsUnreachable()
    {
        // Arrange
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}/");

        // Act
        var report = await ConformanceSuite.RunAsync(url);

        // Assert
        Assert.False(report.Passed);
        Failed(report, "manifest.reachable", "could not connect");
        Assert.Null(report.Manifest);
    }

    private static void Failed(ConformanceReport report, string check, string detail)
    {
        var found = report.Find(check);
        Assert.True(found is not null, $"No check {check} in:\n{report.ToText()}");
        Assert.True(found.Status == CheckStatus.Failed, $"{check} did not fail:\n{report.ToText()}");
        Assert.Contains(detail, found.Detail, StringComparison.Ordinal);
    }
}
