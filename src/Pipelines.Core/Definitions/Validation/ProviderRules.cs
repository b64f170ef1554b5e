namespace Pipelines.Core.Definitions.Validation;

/// <summary>With a provider catalog: the capability exists, and every listed provider exists and offers it.</summary>
internal static class ProviderRules
{
    public static void Check(RuleContext context, StepDefinition step, string pointer)
    {
        if (context.Providers is not { } catalog)
        {
            return;
        }

        if (!StepKinds.IsBuiltInCapability(step.Uses) && !catalog.IsKnownCapability(step.Uses))
        {
            context.Sink.Report(
                DiagnosticCodes.UnknownCapability, JsonPointer.Append(pointer, "uses"), $"No connector offers the capability '{step.Uses}'.");
        }

        for (var i = 0; i < step.Providers.Count; i++)
        {
            var provider = step.Providers[i];
            var at = JsonPointer.Append(JsonPointer.Append(pointer, "providers"), i);
            var capabilities = catalog.GetCapabilities(provider);
            if (capabilities is null)
            {
                context.Sink.Report(DiagnosticCodes.UnknownProvider, at, $"No provider '{provider}' is registered.");
            }
            else if (!capabilities.Contains(step.Uses))
            {
                context.Sink.Report(
                    DiagnosticCodes.ProviderLacksCapability,
                    at,
                    $"Provider '{provider}' does not offer '{step.Uses}' (it offers: {string.Join(", ", capabilities.Order(StringComparer.Ordinal))}).");
            }
        }
    }
}
