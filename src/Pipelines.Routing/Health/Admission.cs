namespace Pipelines.Routing.Health;

/// <summary>Whether a call may go to a provider now, and whether it is the half-open probe that decides its circuit.</summary>
public readonly record struct Admission(bool Allowed, bool Probe, string? Reason)
{
    public static Admission Call { get; } = new(true, false, null);
}
