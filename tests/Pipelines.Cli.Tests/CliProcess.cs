using System.Diagnostics;

namespace Pipelines.Cli.Tests;

/// <summary>What one run of the tool printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}

/// <summary>The built tool (artifacts/bin/Pipelines.Cli, beside this project's own output) run as `dotnet pipelines.dll`.</summary>
public static class CliProcess
{
    public static string Path { get; } = Find();

    public static async Task<CliResult> RunAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("dotnet", [Path, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Pipelines.Testing.RepositoryRoot.Path,
        };
        // Only what the test passes: never the developer's own PIPELINES_URL or key.
        start.Environment.Remove("PIPELINES_URL");
        start.Environment.Remove("PIPELINES_API_KEY");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }

    private static string Find()
    {
        // .../artifacts/bin/Pipelines.Cli.Tests/debug_linux-x64/ → .../artifacts/bin/Pipelines.Cli/debug/ (the tool has no RID).
        var own = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        var bin = own.Parent!.Parent!.FullName;
        string[] candidates =
        [
            System.IO.Path.Combine(bin, "Pipelines.Cli", own.Name.Replace("_linux-x64", "", StringComparison.Ordinal), "pipelines.dll"),
            System.IO.Path.Combine(bin, "Pipelines.Cli", own.Name, "pipelines.dll"),
        ];
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException("Build the solution first: the pipelines tool is missing.", candidates[0]);
    }
}
