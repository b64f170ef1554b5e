using System.Text.Json.Nodes;

namespace Pipelines.Api.Gateway;

/// <summary>
/// <c>GET /v1/models</c> and <c>GET /v1/models/{id}</c>: the caller's routes in OpenAI's model list format, since many
/// clients and tools list models before they call one.
/// </summary>
public static class Models
{
    public static IResult List(GatewayRouteLookup routes) => TypedResults.Json(new JsonObject
    {
        ["object"] = "list",
        ["data"] = new JsonArray([.. routes.Routes.Keys.Order(StringComparer.Ordinal).Select(name => (JsonNode)Model(name))]),
    });

    public static IResult Get(string id, GatewayRouteLookup routes) => routes.Routes.ContainsKey(id)
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
