using System.Text.Json;

namespace Pipelines.Cli;

// The parts of the REST API's answers the tool reads (docs/definitions.md, docs/runs.md).

public sealed record PipelineView(
    string Id,
    string Title,
    string Status,
    string ETag,
    int DraftRevision,
    int? LatestVersion,
    bool DraftMatchesLatestVersion,
    JsonElement Definition)
{
    public bool IsArchived => Status == "Archived";
}

public sealed record PipelineListItem(string Id, string Title, string Status, int? LatestVersion);

public sealed record PipelinePage(IReadOnlyList<PipelineListItem> Items, int Page, int PageSize, int Total);

public sealed record VersionView(string PipelineId, int Version, string Hash);

public sealed record StepView(string Id, string Status, int Attempts, string? Error);

public sealed record RunView(
    string Id,
    string PipelineId,
    int PipelineVersion,
    string Status,
    JsonElement? Outputs,
    string? Error,
    string? FailedStep,
    IReadOnlyList<StepView>? Steps)
{
    public bool IsFinished => Status is "Succeeded" or "Failed" or "Cancelled";
}

public sealed record ProviderView(string Id, IReadOnlyList<string> Capabilities);

public sealed record ProviderHealthView(string Id, double Score, CircuitView Circuit, IReadOnlyList<CapabilityHealthView> Capabilities, IReadOnlyList<RecentFailureView> RecentFailures);

public sealed record CircuitView(string State, int Openings, string? Reason, DateTimeOffset? RetryAt, int ConsecutiveFailures);

public sealed record CapabilityHealthView(string Capability, double Score, double SuccessRate, double Calls, double? LatencyP50Ms, double? LatencyP95Ms);

public sealed record RecentFailureView(DateTimeOffset At, string Capability, string Outcome, string? Error);

public sealed record RunEvent(long Sequence, string Type, JsonElement Data);

public sealed record ProblemView(string? Title, string? Detail, IReadOnlyList<ProblemDiagnostic>? Diagnostics);

public sealed record ProblemDiagnostic(string Code, string Message, string? Pointer, int? Line, int? Column);
