namespace Pipelines.Core.Definitions;

public enum StepKind
{
    /// <summary>Calls a provider through a connector (chat, embed, classify, ...).</summary>
    Capability,

    /// <summary>Reshapes data with templates; no model call.</summary>
    Transform,

    /// <summary>Waits for a human signal.</summary>
    Approval,

    /// <summary>Runs an inner step once per item of a list.</summary>
    Foreach,
}
