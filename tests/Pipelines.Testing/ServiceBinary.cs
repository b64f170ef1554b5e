namespace Pipelines.Testing;

/// <summary>Where the build put the service binary: beside the calling program's own output, under artifacts/bin.</summary>
public static class ServiceBinary
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        // .../artifacts/bin/<caller>/debug_linux-x64/ → .../artifacts/bin/Pipelines.Api/debug_linux-x64/
        var own = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/'));
        var candidate = System.IO.Path.Combine(own.Parent!.Parent!.FullName, "Pipelines.Api", own.Name, "Pipelines.Api.dll");
        return File.Exists(candidate)
            ? candidate
            : throw new FileNotFoundException("Build the solution first: the service binary is missing.", candidate);
    }
}
