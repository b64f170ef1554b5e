using System.Security.Claims;
using System.Text.Json.Nodes;
using Pipelines.Api.Auth;

namespace Pipelines.Api.Gateway;

/// <summary>
/// <c>GET /v1/models</c> and <c>GET /v1/models/{id}</c>: the caller's routes in OpenAI's model list format, since many
/// clients and tools list models before they call one.
/// </summary>
public static class Models
{
    public static async Task<IResult> List(ClaimsPrincipal user, GatewayRouteLookup routes, CancellationToken cancellationToken) =>
        TypedResults.Json(new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray([.. (await routes.ListAsync(user.TenantId(), cancellationToken)).Select(route => (JsonNode)Model(route.Name))]),
        });

    public static async Task<IResult> Get(string id, ClaimsPrincipal user, GatewayRouteLookup routes, CancellationToken cancellationToken) =>
        await routes.FindEntryAsync(user.TenantId(), id, cancellationToken) is not null
            ? TypedResults.Json(Model(id))
            : GatewayProblems.Problem(StatusCodes.Status404NotFound, "No such model", $"'{id}' is not a route.", "model_not_found");

    private static JsonObject Model(string route) => new()
    {
        ["id"] = route,
        ["object"] = "model",
        ["created"] = 0,
        ["owned_by"] = "pipelines",
    };
}
