using System.Security.Claims;

namespace Pipelines.Api.Auth;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The caller's tenant; only authenticated routes call this, so a missing claim is a bug.</summary>
    public static string TenantId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ApiKeyDefaults.TenantClaim)
        ?? throw new InvalidOperationException("The caller has no tenant claim.");

    /// <summary>The public id of the calling key ("key_…"), recorded as who published, started or signalled.</summary>
    public static string KeyId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier)
        ?? throw new InvalidOperationException("The caller has no key id claim.");
}
