using System.Text.Json;
using Pipelines.Connectors.Conformance;

namespace Pipelines.Cli.Commands;

/// <summary><c>pipelines connectors check &lt;url&gt;</c>: the conformance kit a remote connector's author runs.</summary>
public static class ConnectorsCommand
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerOptions.Web) { WriteIndented = true };

    public static async Task<int> CheckAsync(
        string url, string? secret, TimeSpan deadline, string format, TextWriter output, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            throw new CliException(ExitCodes.Usage, $"'{url}' is not an http(s) URL such as http://127.0.0.1:8099.");
        }

        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var report = await ConformanceSuite.RunAsync(address, new ConformanceOptions { Secret = secret, Deadline = deadline }, http, cancellationToken);
        output.Write(format == "json" ? JsonSerializer.Serialize(report, Indented) + "\n" : report.ToText());
        return report.Passed ? ExitCodes.Success : ExitCodes.Failure;
    }
}
