using System.Runtime.CompilerServices;

namespace Pipelines.Core.Tests.Support;

/// <summary>Finds the repository by walking up to Pipelines.sln, from the test output or else from this source file.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot(AppContext.BaseDirectory) ?? FindRoot(SourceDirectory())
        ?? throw new InvalidOperationException("Pipelines.sln not found above the test output or the test sources.");

    public static string Pipelines => Path.Combine(Root, "pipelines");

    public static IEnumerable<string> ExampleFiles() =>
        Directory.EnumerateFiles(Pipelines, "*.yaml").Concat(Directory.EnumerateFiles(Pipelines, "*.yml")).Order(StringComparer.Ordinal);

    // Artifacts may be built outside the repository (-p:ArtifactsPath=...), so the compile-time source path is the fallback.
    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    private static string? FindRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Pipelines.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
