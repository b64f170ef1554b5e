namespace Pipelines.Core.Runs;

/// <summary>Stable codes for run-input problems (docs/runs.md); never renumber.</summary>
public static class InputCodes
{
    public const string UnknownInput = "RUN001";
    public const string MissingInput = "RUN002";
    public const string WrongType = "RUN003";
    public const string TooLong = "RUN004";
    public const string OutOfRange = "RUN005";
    public const string NotAllowed = "RUN006";
}
