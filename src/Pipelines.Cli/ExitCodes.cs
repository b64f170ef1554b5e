namespace Pipelines.Cli;

/// <summary>The process exit codes, documented in docs/ci.md.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A definition is invalid, the server refused a change, or a run failed.</summary>
    public const int Failure = 1;

    public const int Usage = 2;

    /// <summary>The server did not answer, or refused the API key (401/403).</summary>
    public const int Unreachable = 3;
}
