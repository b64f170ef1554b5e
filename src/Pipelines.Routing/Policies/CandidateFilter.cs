using Pipelines.Connectors;
using Pipelines.Core.Definitions;

namespace Pipelines.Routing.Policies;

/// <summary>
/// Constraints filter candidates before any policy ranks them: a provider that fails one is never called, even when
/// every allowed provider has failed.
/// </summary>
public static class CandidateFilter
{
    /// <param name="provider">The candidate.</param>
    /// <param name="capability">The capability called.</param>
    /// <param name="constraints">The step's or route's constraints.</param>
    /// <param name="translatedFeatures">
    /// Features a gateway client's request needs from a provider that would translate it; a provider that relays the
    /// request as sent (<see cref="IOpenAiWireConnector"/>) loses none of it, so they are not asked of it.
    /// </param>
    public static string? Exclusion(
        RegisteredProvider provider, string capability, StepConstraints? constraints, IReadOnlyList<string>? translatedFeatures = null)
    {
        if (!provider.Manifest.Serves(capability))
        {
            return $"does not serve '{capability}'";
        }

        if (provider.Connector is not IOpenAiWireConnector
            && translatedFeatures?.FirstOrDefault(f => !provider.Manifest.Features.Contains(f)) is { } needed)
        {
            return $"lacks feature '{needed}'";
        }

        if (constraints is null)
        {
            return null;
        }

        if (constraints.Features.FirstOrDefault(f => !provider.Manifest.Features.Contains(f)) is { } feature)
        {
            return $"lacks feature '{feature}'";
        }

        return TagOutside(provider, "residency", constraints.Residency)
            ?? TagOutside(provider, "locality", constraints.Locality)
            ?? CostAbove(provider, constraints.MaxCostPer1kTokens);
    }

    /// <summary>The higher of input and output cost per 1k tokens, or null when the provider declares none.</summary>
    public static decimal? CostPer1k(RegisteredProvider provider) =>
        provider.Manifest.InputCostPer1kTokens is null && provider.Manifest.OutputCostPer1kTokens is null
            ? null
            : Math.Max(provider.Manifest.InputCostPer1kTokens ?? 0, provider.Manifest.OutputCostPer1kTokens ?? 0);

    private static string? TagOutside(RegisteredProvider provider, string tag, IReadOnlyList<string> allowed)
    {
        if (allowed.Count == 0)
        {
            return null;
        }

        var value = provider.Tags.GetValueOrDefault(tag);
        return value is not null && allowed.Contains(value, StringComparer.OrdinalIgnoreCase)
            ? null
            : $"{tag} '{value ?? "unset"}' is not one of [{string.Join(", ", allowed)}]";
    }

    private static string? CostAbove(RegisteredProvider provider, decimal? max) =>
        max is { } limit && (CostPer1k(provider) is not { } cost || cost > limit)
            ? $"cost per 1k tokens {CostPer1k(provider)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"} exceeds {limit.ToString(System.Globalization.CultureInfo.InvariantCulture)}"
            : null;
}
