using System.Security.Claims;
using System.Text.Json.Nodes;
using Pipelines.Api.Auth;
using Pipelines.Connectors;
using Pipelines.Routing;

namespace Pipelines.Api.Gateway;

/// <summary><c>POST /v1/embeddings</c>: OpenAI's embeddings API over a route.</summary>
public static class Embeddings
{
    public static async Task<IResult> Handle(JsonObject body, ClaimsPrincipal user, HttpContext http, GatewayRouteLookup routes, ProviderRouter router)
    {
        var (input, field, rule) = OpenAiWire.EmbedInput(body);
        if (input is null)
        {
            return GatewayProblems.BadRequest(field!, rule!);
        }

        var model = body["model"]?.ToString();
        if (routes.Find(model, user.TenantId(), Capabilities.Embed, input) is not { } request)
        {
            return GatewayProblems.BadRequest("model", $"'{model}' is not a route; routes: {string.Join(", ", routes.Routes.Keys)}");
        }

        try
        {
            var result = await router.ExecuteAsync(request, http.RequestAborted);
            GatewayHeaders.Write(http.Response, result.Provider, result.Attempts);
            return TypedResults.Json(OpenAiWire.EmbeddingList(result.Provider, result.Response.Output, result.Response.Usage));
        }
        catch (StepExecutionException failure)
        {
            GatewayHeaders.Write(http.Response, null, failure.Attempts);
            return GatewayProblems.FromOutcome(failure, null);
        }
    }
}
