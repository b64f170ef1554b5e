using Pipelines.Core.Definitions;

namespace Pipelines.Engine.Runs;

/// <summary>
/// Effective per-step settings: the step's own value, else (for capability steps) the pipeline's <c>defaults</c>,
/// else the engine's.
/// </summary>
public static class StepSettings
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    public static TimeSpan TimeoutOf(PipelineDefaults? defaults, StepDefinition step) =>
        Duration.TryParse(step.Timeout ?? Inherited(defaults, step)?.Timeout, out var timeout) ? timeout : DefaultTimeout;

    public static int RetriesOf(PipelineDefaults? defaults, StepDefinition step) =>
        step.Retries ?? Inherited(defaults, step)?.Retries ?? 0;

    /// <summary>The wait before retry number <paramref name="retry"/> (1-based).</summary>
    public static TimeSpan BackoffOf(PipelineDefaults? defaults, StepDefinition step, int retry, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        var backoff = step.Backoff ?? Inherited(defaults, step)?.Backoff;
        var delay = Duration.TryParse(backoff?.Delay, out var d) ? d : baseDelay;
        var cap = Duration.TryParse(backoff?.MaxDelay, out var m) ? m : maxDelay;
        var wait = backoff?.Strategy == BackoffStrategy.Fixed ? delay : delay * Math.Pow(2, retry - 1);
        return wait < cap ? wait : cap;
    }

    /// <summary>The step's routing policy, each unset field taken from the pipeline's default policy.</summary>
    public static RoutingPolicy? PolicyOf(PipelineDefaults? defaults, StepDefinition step)
    {
        var inherited = Inherited(defaults, step)?.Policy;
        if (step.Policy is not { } own || inherited is null)
        {
            return step.Policy ?? inherited;
        }

        return new RoutingPolicy
        {
            Strategy = own.Strategy ?? inherited.Strategy,
            SwapOn = own.SwapOn.Count > 0 ? own.SwapOn : inherited.SwapOn,
            Weights = own.Weights.Count > 0 ? own.Weights : inherited.Weights,
            HedgeDelay = own.HedgeDelay ?? inherited.HedgeDelay,
            Deadline = own.Deadline ?? inherited.Deadline,
            Retries = own.Retries ?? inherited.Retries,
            RetryBackoff = own.RetryBackoff ?? inherited.RetryBackoff,
            MaxRetryBackoff = own.MaxRetryBackoff ?? inherited.MaxRetryBackoff,
            MaxRetryAfter = own.MaxRetryAfter ?? inherited.MaxRetryAfter,
            FirstTokenTimeout = own.FirstTokenTimeout ?? inherited.FirstTokenTimeout,
            StallTimeout = own.StallTimeout ?? inherited.StallTimeout,
            AttemptTimeout = own.AttemptTimeout ?? inherited.AttemptTimeout,
        };
    }

    /// <summary>The step's constraints, each unset field taken from the pipeline's default constraints.</summary>
    public static StepConstraints? ConstraintsOf(PipelineDefaults? defaults, StepDefinition step)
    {
        var inherited = Inherited(defaults, step)?.Constraints;
        if (step.Constraints is not { } own || inherited is null)
        {
            return step.Constraints ?? inherited;
        }

        return new StepConstraints
        {
            Residency = own.Residency.Count > 0 ? own.Residency : inherited.Residency,
            Locality = own.Locality.Count > 0 ? own.Locality : inherited.Locality,
            MaxCostPer1kTokens = own.MaxCostPer1kTokens ?? inherited.MaxCostPer1kTokens,
            Features = own.Features.Count > 0 ? own.Features : inherited.Features,
        };
    }

    private static PipelineDefaults? Inherited(PipelineDefaults? defaults, StepDefinition step) =>
        step.Kind == StepKind.Capability ? defaults : null;
}
