namespace Pipelines.Engine.RemoteConnectors;

/// <summary>How the service checks a remote connector before accepting it (<c>Pipelines:Connectors:Remote</c>).</summary>
public sealed class RemoteConnectorOptions
{
    public const string SectionName = "Pipelines:Connectors:Remote";

    /// <summary>The deadline each conformance call announces; a call may take 2 s longer before it counts as unanswered.</summary>
    public int CheckDeadlineSeconds { get; set; } = 10;
}
