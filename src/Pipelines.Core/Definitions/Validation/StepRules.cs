using System.Text.Json;

namespace Pipelines.Core.Definitions.Validation;

/// <summary>Per-step rules: ids, needs, which fields apply to which kind, providers, policy, limits, durations.</summary>
internal static class StepRules
{
    private static readonly Dictionary<StepKind, HashSet<string>> AllowedFields = new()
    {
        [StepKind.Capability] = ["with", "providers", "policy", "constraints", "timeout", "retries", "backoff"],
        [StepKind.Transform] = ["with"],
        [StepKind.Approval] = ["with", "timeout", "onTimeout"],
        [StepKind.Foreach] = ["items", "parallelism", "step", "timeout"],
    };

    public static void Check(RuleContext context)
    {
        foreach (var (id, step) in context.Definition.Steps)
        {
            var pointer = JsonPointer.Append("/steps", id);
            context.CheckIdentifier(id, pointer, "step id");
            CheckNeeds(context, id, step, pointer);
            CheckStep(context, step, pointer, insideForeach: false);
        }

        if (context.Definition.Defaults is { } defaults)
        {
            CheckPolicy(context, defaults.Policy, providers: null, "/defaults/policy");
            CheckCommon(context, defaults.Constraints, defaults.Timeout, defaults.Retries, defaults.Backoff, "/defaults");
        }
    }

    private static void CheckNeeds(RuleContext context, string id, StepDefinition step, string pointer)
    {
        var needsPointer = JsonPointer.Append(pointer, "needs");
        for (var i = 0; i < step.Needs.Count; i++)
        {
            var need = step.Needs[i];
            var needPointer = JsonPointer.Append(needsPointer, i);
            if (need == id)
            {
                context.Sink.Report(DiagnosticCodes.SelfDependency, needPointer, $"Step '{id}' needs itself.");
            }
            else if (!context.Definition.Steps.ContainsKey(need))
            {
                context.Sink.Report(DiagnosticCodes.UnknownNeed, needPointer, $"'{need}' is not a step of this pipeline.");
            }
        }

        context.CheckDuplicates(step.Needs, needsPointer, "Step");
    }

    private static void CheckStep(RuleContext context, StepDefinition step, string pointer, bool insideForeach)
    {
        var sink = context.Sink;
        var usesPointer = JsonPointer.Append(pointer, "uses");
        if (string.IsNullOrEmpty(step.Uses))
        {
            sink.Report(DiagnosticCodes.MissingField, usesPointer, "'uses' is required: a capability (chat, embed, classify, ...) or transform, approval, foreach.");
            return;
        }

        if (!DefinitionLimits.IsIdentifier(step.Uses))
        {
            sink.Report(DiagnosticCodes.InvalidValue, usesPointer, $"'{step.Uses}' is not a capability or step kind name.");
            return;
        }

        if (insideForeach && step.Needs.Count > 0)
        {
            sink.Report(DiagnosticCodes.FieldNotAllowed, JsonPointer.Append(pointer, "needs"), "The step inside a foreach takes its needs from the foreach.");
        }

        CheckFieldsForKind(context, step, pointer);
        switch (step.Kind)
        {
            case StepKind.Capability:
                CheckCapability(context, step, pointer);
                break;
            case StepKind.Transform when step.With is null:
                sink.Report(DiagnosticCodes.MissingField, JsonPointer.Append(pointer, "with"), "A transform needs 'with': its output is the rendered 'with'.");
                break;
            case StepKind.Approval:
                CheckApproval(context, step, pointer);
                break;
            case StepKind.Foreach:
                CheckForeach(context, step, pointer, insideForeach);
                break;
        }

        CheckCommon(context, step.Constraints, step.Timeout, step.Retries, step.Backoff, pointer);
    }

    private static void CheckFieldsForKind(RuleContext context, StepDefinition step, string pointer)
    {
        var present = new (string Name, bool IsSet)[]
        {
            ("with", step.With is not null),
            ("providers", step.Providers.Count > 0),
            ("policy", step.Policy is not null),
            ("constraints", step.Constraints is not null),
            ("timeout", step.Timeout is not null),
            ("retries", step.Retries is not null),
            ("backoff", step.Backoff is not null),
            ("onTimeout", step.OnTimeout is not null),
            ("items", step.Items is not null),
            ("parallelism", step.Parallelism is not null),
            ("step", step.Step is not null),
        };
        var allowed = AllowedFields[step.Kind];
        foreach (var (name, _) in present.Where(f => f.IsSet && !allowed.Contains(f.Name)))
        {
            context.Sink.Report(
                DiagnosticCodes.FieldNotAllowed, JsonPointer.Append(pointer, name), $"'{name}' does not apply to {step.Uses} steps.");
        }
    }

    private static void CheckCapability(RuleContext context, StepDefinition step, string pointer)
    {
        var providersPointer = JsonPointer.Append(pointer, "providers");
        if (step.Providers.Count == 0)
        {
            context.Sink.Report(DiagnosticCodes.MissingProviders, providersPointer, $"A {step.Uses} step needs at least one provider.");
        }

        for (var i = 0; i < step.Providers.Count; i++)
        {
            context.CheckIdentifier(step.Providers[i], JsonPointer.Append(providersPointer, i), "provider id");
        }

        context.CheckDuplicates(step.Providers, providersPointer, "Provider");
        CheckPolicy(context, step.Policy, step.Providers, JsonPointer.Append(pointer, "policy"));
        ProviderRules.Check(context, step, pointer);
        ChatRules.Check(context, step, pointer);
    }

    private static void CheckApproval(RuleContext context, StepDefinition step, string pointer)
    {
        foreach (var (key, value) in step.With ?? [])
        {
            var at = JsonPointer.Append(JsonPointer.Append(pointer, "with"), key);
            if (key != "prompt")
            {
                context.Sink.Report(DiagnosticCodes.UnknownField, at, $"Approval steps take only 'prompt' in 'with', not '{key}'.", atKey: true);
            }
            else if (value?.GetValueKind() != JsonValueKind.String)
            {
                context.Sink.Report(DiagnosticCodes.WrongType, at, "The approval prompt must be a string.");
            }
        }
    }

    private static void CheckForeach(RuleContext context, StepDefinition step, string pointer, bool insideForeach)
    {
        var sink = context.Sink;
        if (insideForeach)
        {
            sink.Report(DiagnosticCodes.KindNotAllowedInForeach, JsonPointer.Append(pointer, "uses"), "A foreach cannot run inside another foreach.");
            return;
        }

        if (step.Items is null)
        {
            sink.Report(DiagnosticCodes.MissingField, JsonPointer.Append(pointer, "items"), "A foreach needs 'items': a template yielding a list.");
        }

        if (step.Parallelism is < 1 or > DefinitionLimits.MaxParallelism)
        {
            sink.Report(DiagnosticCodes.OutOfRange, JsonPointer.Append(pointer, "parallelism"), $"parallelism must be 1 to {DefinitionLimits.MaxParallelism}.");
        }

        var innerPointer = JsonPointer.Append(pointer, "step");
        if (step.Step is not { } inner)
        {
            sink.Report(DiagnosticCodes.MissingField, innerPointer, "A foreach needs 'step': the step to run per item.");
            return;
        }

        if (inner.Kind == StepKind.Approval)
        {
            sink.Report(DiagnosticCodes.KindNotAllowedInForeach, JsonPointer.Append(innerPointer, "uses"), "Approvals cannot run inside a foreach.");
        }

        CheckStep(context, inner, innerPointer, insideForeach: true);
    }

    private static void CheckPolicy(RuleContext context, RoutingPolicy? policy, IReadOnlyList<string>? providers, string pointer)
    {
        if (policy is null)
        {
            return;
        }

        var sink = context.Sink;
        if (policy.Strategy is { } strategy && !Enum.IsDefined(strategy))
        {
            sink.Report(DiagnosticCodes.InvalidValue, JsonPointer.Append(pointer, "strategy"), "Unknown strategy.");
        }

        context.CheckDuplicates(policy.SwapOn, JsonPointer.Append(pointer, "swapOn"), "Reason");
        foreach (var (provider, weight) in policy.Weights)
        {
            var at = JsonPointer.Append(JsonPointer.Append(pointer, "weights"), provider);
            if (weight < 0)
            {
                sink.Report(DiagnosticCodes.OutOfRange, at, "Weights cannot be negative.");
            }

            if (providers is not null && !providers.Contains(provider))
            {
                sink.Report(DiagnosticCodes.WeightForUnlistedProvider, at, $"'{provider}' has a weight but is not in this step's providers.", atKey: true);
            }
        }

        context.CheckDuration(policy.HedgeDelay, JsonPointer.Append(pointer, "hedgeDelay"));
        context.CheckDuration(policy.Deadline, JsonPointer.Append(pointer, "deadline"));
        CheckRetries(context, policy, pointer);
        CheckAttemptLimits(context, policy, pointer);
    }

    private static void CheckRetries(RuleContext context, RoutingPolicy policy, string pointer)
    {
        if (policy.Retries is < 0 or > DefinitionLimits.MaxRetries)
        {
            context.Sink.Report(DiagnosticCodes.OutOfRange, JsonPointer.Append(pointer, "retries"), $"retries must be 0 to {DefinitionLimits.MaxRetries}.");
        }

        context.CheckDuration(policy.MaxRetryAfter, JsonPointer.Append(pointer, "maxRetryAfter"));
        context.CheckDuration(policy.MaxRetryBackoff, JsonPointer.Append(pointer, "maxRetryBackoff"));
        context.CheckDuration(policy.RetryBackoff, JsonPointer.Append(pointer, "retryBackoff"));
        if (Duration.TryParse(policy.RetryBackoff, out var backoff) && Duration.TryParse(policy.MaxRetryBackoff, out var cap) && backoff > cap)
        {
            context.Sink.Report(
                DiagnosticCodes.RetryBackoffAboveCap,
                JsonPointer.Append(pointer, "retryBackoff"),
                $"retryBackoff ({policy.RetryBackoff}) is longer than maxRetryBackoff ({policy.MaxRetryBackoff}).");
        }
    }

    /// <summary>A per-attempt limit longer than the deadline over all attempts could never act.</summary>
    private static void CheckAttemptLimits(RuleContext context, RoutingPolicy policy, string pointer)
    {
        var hasDeadline = Duration.TryParse(policy.Deadline, out var deadline);
        foreach (var (field, value) in new[] { ("firstTokenTimeout", policy.FirstTokenTimeout), ("stallTimeout", policy.StallTimeout), ("attemptTimeout", policy.AttemptTimeout) })
        {
            var at = JsonPointer.Append(pointer, field);
            context.CheckDuration(value, at);
            if (hasDeadline && Duration.TryParse(value, out var limit) && limit > deadline)
            {
                context.Sink.Report(
                    DiagnosticCodes.AttemptLimitBeyondDeadline, at, $"{field} ({value}) is longer than the deadline ({policy.Deadline}) over all attempts.");
            }
        }
    }

    private static void CheckCommon(
        RuleContext context, StepConstraints? constraints, string? timeout, int? retries, RetryBackoff? backoff, string pointer)
    {
        if (constraints?.MaxCostPer1kTokens < 0)
        {
            context.Sink.Report(DiagnosticCodes.OutOfRange, JsonPointer.Append(pointer, "constraints/maxCostPer1kTokens"), "maxCostPer1kTokens cannot be negative.");
        }

        context.CheckDuration(timeout, JsonPointer.Append(pointer, "timeout"));
        if (retries is < 0 or > DefinitionLimits.MaxRetries)
        {
            context.Sink.Report(DiagnosticCodes.OutOfRange, JsonPointer.Append(pointer, "retries"), $"retries must be 0 to {DefinitionLimits.MaxRetries}.");
        }

        if (backoff is not null)
        {
            context.CheckDuration(backoff.Delay, JsonPointer.Append(pointer, "backoff/delay"));
            context.CheckDuration(backoff.MaxDelay, JsonPointer.Append(pointer, "backoff/maxDelay"));
        }
    }
}
