using System.Security.Claims;
using System.Text.Json.Nodes;
using Pipelines.Connectors;
using Pipelines.Routing;

namespace Pipelines.Api.Gateway;

/// <summary><c>POST /v1/chat/completions</c>: OpenAI's chat API, where <c>model</c> names a route and the router picks the provider.</summary>
public static class ChatCompletions
{
    public static Task<IResult> Handle(
        JsonObject body, ClaimsPrincipal user, HttpContext http, GatewayRouteLookup routes, ProviderRouter router, TimeProvider clock) =>
        GatewayCall.RunAsync(body, Capabilities.Chat, OpenAiWire.ChatInput(body), user, http, routes, async request =>
        {
            var id = $"chatcmpl-{Guid.NewGuid():N}";
            var created = clock.GetUtcNow().ToUnixTimeSeconds();
            if (body["stream"]?.GetValueKind() == System.Text.Json.JsonValueKind.True)
            {
                return new ChatStreamResult(await router.OpenStreamAsync(request, http.RequestAborted), id, created);
            }

            var result = await router.ExecuteAsync(request, http.RequestAborted);
            GatewayHeaders.Write(http.Response, result.Provider, result.Attempts);
            return TypedResults.Json(OpenAiWire.ChatCompletion(id, created, result.Provider, result.Response.Output, result.Response.Usage));
        });
}
