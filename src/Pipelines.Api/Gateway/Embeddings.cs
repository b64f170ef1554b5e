using Pipelines.Connectors;
using Pipelines.Routing;

namespace Pipelines.Api.Gateway;

/// <summary>
/// <c>POST /v1/embeddings</c>: OpenAI's embeddings API over a route. Providers that speak OpenAI's wire get the request
/// unchanged; for the others the vectors are encoded as the client asked (<c>encoding_format</c>) and <c>dimensions</c> checked.
/// </summary>
public static class Embeddings
{
    public static Task<IResult> Handle(HttpContext http, GatewayRouteLookup routes, ProviderRouter router) =>
        GatewayCall.RunAsync(
            http, Capabilities.Embed, OpenAiWireRequest.Embeddings, OpenAiWire.EmbedInput, _ => [], routes, router,
            async (body, request) =>
            {
                var result = await router.ExecuteAsync(request, http.RequestAborted);
                GatewayHeaders.Write(http.Response, result.Provider, result.Attempts, body.Model);
                if (result.Response.Wire is { } wire)
                {
                    return TypedResults.Bytes(wire, "application/json");
                }

                var (list, field, rule) = OpenAiWire.EmbeddingList(body.Json, result.Model, result.Response.Output, result.Response.Usage);
                return list is null ? GatewayProblems.BadRequest(field!, rule!) : TypedResults.Json(list);
            });
}
