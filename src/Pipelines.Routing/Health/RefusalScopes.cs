namespace Pipelines.Routing.Health;

/// <summary>
/// Refusal scopes are counted per tenant: a service-wide provider is shared, but one tenant's pipeline and step ids
/// (and how often their prompts are refused) are nobody else's business. Tenant ids never contain '/', so the prefix
/// is unambiguous.
/// </summary>
public static class RefusalScopes
{
    public static string Key(string tenantId, string scope) => $"{tenantId}/{scope}";

    /// <summary>The tenant's own scopes from a snapshot, without the tenant prefix.</summary>
    public static IReadOnlyDictionary<string, double> Of(string tenantId, IReadOnlyDictionary<string, double> refusalsByScope)
    {
        var prefix = Key(tenantId, "");
        return refusalsByScope
            .Where(r => r.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(r => r.Key[prefix.Length..], r => r.Value, StringComparer.Ordinal);
    }
}
