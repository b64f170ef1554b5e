using System.Security.Claims;
using System.Text.Json.Nodes;
using Pipelines.Api.Auth;
using Pipelines.Connectors;
using Pipelines.Routing;

namespace Pipelines.Api.Gateway;

/// <summary><c>POST /v1/chat/completions</c>: OpenAI's chat API, where <c>model</c> names a route and the router picks the provider.</summary>
public static class ChatCompletions
{
    public static async Task<IResult> Handle(
        JsonObject body, ClaimsPrincipal user, HttpContext http, GatewayRouteLookup routes, ProviderRouter router, TimeProvider clock)
    {
        var (input, field, rule) = OpenAiWire.ChatInput(body);
        if (input is null)
        {
            return GatewayProblems.BadRequest(field!, rule!);
        }

        var model = body["model"]?.ToString();
        if (routes.Find(model, user.TenantId(), Capabilities.Chat, input) is not { } request)
        {
            return GatewayProblems.BadRequest("model", $"'{model}' is not a route; routes: {string.Join(", ", routes.Routes.Keys)}");
        }

        var id = $"chatcmpl-{Guid.NewGuid():N}";
        var created = clock.GetUtcNow().ToUnixTimeSeconds();
        try
        {
            if (body["stream"]?.GetValueKind() == System.Text.Json.JsonValueKind.True)
            {
                return new ChatStreamResult(await router.OpenStreamAsync(request, http.RequestAborted), id, created);
            }

            var result = await router.ExecuteAsync(request, http.RequestAborted);
            GatewayHeaders.Write(http.Response, result.Provider, result.Attempts);
            return TypedResults.Json(OpenAiWire.ChatCompletion(id, created, result.Provider, result.Response.Output, result.Response.Usage));
        }
        catch (StepExecutionException failure)
        {
            GatewayHeaders.Write(http.Response, null, failure.Attempts);
            return GatewayProblems.FromOutcome(failure, null);
        }
    }
}
