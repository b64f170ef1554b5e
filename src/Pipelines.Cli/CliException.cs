namespace Pipelines.Cli;

/// <summary>An error to print on stderr (one clear sentence) and exit with <see cref="ExitCode"/>.</summary>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
