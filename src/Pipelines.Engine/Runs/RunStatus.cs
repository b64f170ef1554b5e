namespace Pipelines.Engine.Runs;

public enum RunStatus
{
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

public enum StepStatus
{
    Pending,
    Ready,
    Waiting,
    Succeeded,
    Failed,
    Skipped,
}

public static class StatusExtensions
{
    public static bool IsTerminal(this RunStatus status) => status != RunStatus.Running;

    public static bool IsTerminal(this StepStatus status) => status is StepStatus.Succeeded or StepStatus.Failed or StepStatus.Skipped;
}
