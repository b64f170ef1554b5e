using System.Security.Claims;
using Pipelines.Api.Auth;

namespace Pipelines.Api.Keys;

public static class WhoAmI
{
    public sealed record Response(string KeyId, string Name, string Tenant, string Role);

    public static Ok<Response> Handle(ClaimsPrincipal user) => TypedResults.Ok(new Response(
        user.KeyId(),
        user.FindFirstValue(ClaimTypes.Name)!,
        user.TenantId(),
        user.FindFirstValue(ClaimTypes.Role)!));
}
