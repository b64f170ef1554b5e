using System.Diagnostics;
using System.Globalization;

namespace Pipelines.Testing;

/// <summary>
/// The python-keywords sample remote connector (connectors/samples/python-keywords/server.py) as a child process on a
/// free loopback port. Pass <c>--broken</c> to have it violate the protocol, <c>--secret S</c> to require a bearer secret.
/// </summary>
public sealed class PythonConnector : IAsyncDisposable
{
    private readonly Process _process;

    private PythonConnector(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public static string Script => Path.Combine(RepositoryRoot.Path, "connectors", "samples", "python-keywords", "server.py");

    public static async Task<PythonConnector> StartAsync(params string[] arguments)
    {
        var port = FreePort.Next();
        var start = new ProcessStartInfo("python3", ["-u", Script, "--port", port.ToString(CultureInfo.InvariantCulture), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start.");
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            // The server prints one line once its socket is bound.
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null || !line.Contains("listening on", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The sample connector did not start: {line} {await errors}");
            }
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }

        return new PythonConnector(process, new Uri($"http://127.0.0.1:{port}/"));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
