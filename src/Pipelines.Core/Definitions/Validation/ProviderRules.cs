namespace Pipelines.Core.Definitions.Validation;

/// <summary>
/// With a provider catalog: the capability exists, and every listed provider exists, offers it, and has the features
/// the step's constraints (or the pipeline's default constraints) require.
/// </summary>
internal static class ProviderRules
{
    public static void Check(RuleContext context, StepDefinition step, string pointer)
    {
        if (context.Providers is not { } catalog || catalog.HasExecutor(step.Uses))
        {
            return;
        }

        var stepId = pointer[(pointer.LastIndexOf('/') + 1)..];
        if (!StepKinds.IsBuiltInCapability(step.Uses) && !catalog.IsKnownCapability(step.Uses))
        {
            context.Sink.Report(
                DiagnosticCodes.UnknownCapability, JsonPointer.Append(pointer, "uses"), $"Step '{stepId}': no connector offers the capability '{step.Uses}'.");
        }

        var features = step.Constraints?.Features is { Count: > 0 } own ? own : context.Definition.Defaults?.Constraints?.Features ?? [];
        for (var i = 0; i < step.Providers.Count; i++)
        {
            var provider = step.Providers[i];
            var at = JsonPointer.Append(JsonPointer.Append(pointer, "providers"), i);
            var capabilities = catalog.GetCapabilities(provider);
            if (capabilities is null)
            {
                context.Sink.Report(DiagnosticCodes.UnknownProvider, at, $"Step '{stepId}': no provider '{provider}' is registered.");
            }
            else if (!capabilities.Contains(step.Uses))
            {
                context.Sink.Report(
                    DiagnosticCodes.ProviderLacksCapability,
                    at,
                    $"Step '{stepId}': provider '{provider}' does not offer '{step.Uses}' (it offers: {string.Join(", ", capabilities.Order(StringComparer.Ordinal))}).");
            }
            else if (catalog.GetFeatures(provider) is { } offered && features.Where(f => !offered.Contains(f)).ToList() is { Count: > 0 } missing)
            {
                context.Sink.Report(
                    DiagnosticCodes.ProviderLacksFeature,
                    at,
                    $"Step '{stepId}': provider '{provider}' lacks the required feature(s) {string.Join(", ", missing)} (it offers: {(offered.Count == 0 ? "none" : string.Join(", ", offered.Order(StringComparer.Ordinal)))}).");
            }
        }
    }
}
