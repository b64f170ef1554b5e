using System.Diagnostics;
using Pipelines.Testing;

namespace Pipelines.Routing.Benchmarks;

/// <summary>
/// The Portkey gateway (npm <c>@portkey-ai/gateway</c>, installed by deploy/local/bench.sh from portkey/package.json) run
/// by node on a free loopback port, headless (no log console), as its README starts it.
/// </summary>
public sealed class PortkeyGateway : IAsyncDisposable
{
    private readonly Process _process;

    private PortkeyGateway(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<PortkeyGateway> StartAsync(string installDirectory)
    {
        var script = Path.Combine(installDirectory, "node_modules", "@portkey-ai", "gateway", "build", "start-server.js");
        if (!File.Exists(script))
        {
            throw new FileNotFoundException("The Portkey gateway is not installed: run deploy/local/bench.sh gateway, or npm ci in a copy of tests/Pipelines.Routing.Benchmarks/portkey and set PORTKEY_GATEWAY_DIR to it.", script);
        }

        var port = FreePort.Next();
        var start = new ProcessStartInfo("node", [script, $"--port={port}", "--headless"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var gateway = new PortkeyGateway(process, new Uri($"http://127.0.0.1:{port}"));
        await gateway.WaitListeningAsync(TimeSpan.FromSeconds(60));
        return gateway;
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

    private async Task WaitListeningAsync(TimeSpan limit)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        var until = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The Portkey gateway exited with code {_process.ExitCode} while starting.");
            }

            try
            {
                await http.GetAsync("/");
                return;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(200);
            }
        }

        throw new TimeoutException($"The Portkey gateway was not listening within {limit.TotalSeconds} s.");
    }
}
