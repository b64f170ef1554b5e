using System.Diagnostics;

namespace Pipelines.Testing;

/// <summary>
/// Runs node scripts that use npm packages, installed once per package set into a folder under the temp directory
/// (as a user's project would install them), so tests can drive the official JavaScript clients.
/// </summary>
public static class NodePackages
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>A folder where <paramref name="packages"/> (name@version) are installed.</summary>
    public static async Task<string> InstallAsync(params string[] packages)
    {
        var folder = Path.Combine(Path.GetTempPath(), "pipelines-node-" + string.Join('_', packages).Replace('/', '+').Replace('@', '-'));
        await Gate.WaitAsync();
        try
        {
            if (!File.Exists(Path.Combine(folder, "installed")))
            {
                Directory.CreateDirectory(folder);
                await File.WriteAllTextAsync(Path.Combine(folder, "package.json"), """{"private": true, "type": "module"}""");
                var (code, output) = await RunAsync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", .. packages], folder, TimeSpan.FromMinutes(5));
                if (code != 0)
                {
                    throw new InvalidOperationException($"npm install {string.Join(' ', packages)} failed ({code}): {output}");
                }

                await File.WriteAllTextAsync(Path.Combine(folder, "installed"), "");
            }

            return folder;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Runs <c>node script</c> in <paramref name="folder"/>; the exit code and what it printed (stdout, then stderr).</summary>
    public static async Task<(int Code, string Output)> NodeAsync(string folder, string script, IReadOnlyDictionary<string, string> environment, TimeSpan limit)
    {
        var path = Path.Combine(folder, $"script-{Guid.NewGuid():N}.mjs");
        await File.WriteAllTextAsync(path, script);
        try
        {
            return await RunAsync("node", [path], folder, limit, environment);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Runs an installed package's command (from <c>node_modules/.bin</c>) in <paramref name="folder"/>.</summary>
    public static Task<(int Code, string Output)> BinAsync(string folder, string command, IEnumerable<string> arguments, TimeSpan limit) =>
        RunAsync(Path.Combine(folder, "node_modules", ".bin", command), arguments, folder, limit);

    private static async Task<(int Code, string Output)> RunAsync(
        string program, IEnumerable<string> arguments, string folder, TimeSpan limit, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(limit);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish within {limit}.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
