using System.Runtime.CompilerServices;

namespace Pipelines.Testing;

public static class RepositoryRoot
{
    /// <summary>
    /// The folder holding Pipelines.sln: found above the test binaries, or else above this source file (for builds
    /// whose output lives outside the repository).
    /// </summary>
    public static string Path { get; } = Find(AppContext.BaseDirectory) ?? Find(SourceFolder())
        ?? throw new InvalidOperationException("Pipelines.sln not found above " + AppContext.BaseDirectory);

    private static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Pipelines.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static string SourceFolder([CallerFilePath] string path = "") => System.IO.Path.GetDirectoryName(path)!;
}
