using System.Diagnostics;

namespace Pipelines.Testing;

/// <summary>The real service binary in a child process with a role, so tests can kill -9 it and start it again.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServiceProcess(Process process, string role, Uri address)
    {
        _process = process;
        Role = role;
        Address = address;
    }

    public string Role { get; }

    public Uri Address { get; }

    /// <summary>A client of this process that sends <paramref name="apiKey"/> on every request.</summary>
    public HttpClient Client(string apiKey, TimeSpan timeout)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = timeout };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    /// <summary>Peak resident memory so far (VmHWM from /proc), in bytes.</summary>
    public long PeakResidentBytes =>
        File.ReadLines($"/proc/{_process.Id}/status")
            .Where(line => line.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Select(line => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024)
            .Single();

    public static async Task<ServiceProcess> StartAsync(string role, IReadOnlyDictionary<string, string> environment)
    {
        var port = FreePort.Next();
        var address = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet", [ServiceBinary.Path, "--role", role, "--urls", address.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Test sandboxes and connectors listen on loopback, which the egress policy refuses unless allowed.
        start.Environment[LoopbackEgress.Key] = LoopbackEgress.Value;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        // Drain output so a chatty process never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var service = new ServiceProcess(process, role, address);
        await service.WaitReadyAsync(TimeSpan.FromSeconds(60));
        return service;
    }

    /// <summary>SIGKILL: no shutdown hooks, no acknowledgements, in-flight work lost, as in a crash.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private async Task WaitReadyAsync(TimeSpan limit)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        var until = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The {Role} process exited with code {_process.ExitCode} while starting.");
            }

            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // slow first answer while it warms up
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The {Role} process was not ready within {limit.TotalSeconds} s.");
    }
}
