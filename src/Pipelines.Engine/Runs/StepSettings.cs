using Pipelines.Core.Definitions;

namespace Pipelines.Engine.Runs;

/// <summary>Effective per-step settings: the step's own value, else the engine default.</summary>
public static class StepSettings
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    public static TimeSpan TimeoutOf(StepDefinition step) =>
        Duration.TryParse(step.Timeout, out var timeout) ? timeout : DefaultTimeout;
}
