using System.Security.Claims;
using System.Text.Json.Nodes;
using Pipelines.Connectors;
using Pipelines.Routing;

namespace Pipelines.Api.Gateway;

/// <summary><c>POST /v1/embeddings</c>: OpenAI's embeddings API over a route.</summary>
public static class Embeddings
{
    public static Task<IResult> Handle(JsonObject body, ClaimsPrincipal user, HttpContext http, GatewayRouteLookup routes, ProviderRouter router) =>
        GatewayCall.RunAsync(body, Capabilities.Embed, OpenAiWire.EmbedInput(body), user, http, routes, async request =>
        {
            var result = await router.ExecuteAsync(request, http.RequestAborted);
            GatewayHeaders.Write(http.Response, result.Provider, result.Attempts);
            return TypedResults.Json(OpenAiWire.EmbeddingList(result.Provider, result.Response.Output, result.Response.Usage));
        });
}
