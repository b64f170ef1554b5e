namespace Pipelines.Sandbox;

/// <summary>Named entry point, so projects that host both the sandbox and the API see one <c>Program</c>.</summary>
public static class SandboxProgram
{
    public static Task Main(string[] args) => SandboxApp.Create(args).RunAsync();
}
