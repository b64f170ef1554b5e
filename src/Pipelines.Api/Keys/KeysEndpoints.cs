using Pipelines.Api.Auth;

namespace Pipelines.Api.Keys;

public static class KeysEndpoints
{
    public static RouteGroupBuilder MapKeys(this RouteGroupBuilder api)
    {
        api.MapGet("/me", WhoAmI.Handle)
            .WithName("WhoAmI").WithSummary("The calling key's tenant and role").WithTags("Keys");

        var keys = api.MapGroup("/keys").RequireAuthorization(Policies.Admin).WithTags("Keys");
        keys.MapPost("/", CreateKey.HandleAsync).WithName("CreateKey").WithSummary("Issue an API key (shown once)");
        keys.MapGet("/", ListKeys.HandleAsync).WithName("ListKeys").WithSummary("List the tenant's API keys (never the secrets)");
        keys.MapDelete("/{keyId}", RevokeKey.HandleAsync).WithName("RevokeKey").WithSummary("Revoke an API key");
        return api;
    }
}
