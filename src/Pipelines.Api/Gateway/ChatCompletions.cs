using Pipelines.Connectors;
using Pipelines.Core.Definitions;
using Pipelines.Routing;

namespace Pipelines.Api.Gateway;

/// <summary>
/// <c>POST /v1/chat/completions</c>: OpenAI's chat API, where <c>model</c> names a route and the router picks the
/// provider. Providers that speak OpenAI's wire get the request and give the answer unchanged; the others are translated.
/// </summary>
public static class ChatCompletions
{
    public static Task<IResult> Handle(HttpContext http, GatewayRouteLookup routes, ProviderRouter router, TimeProvider clock) =>
        GatewayCall.RunAsync(
            http, Capabilities.Chat, OpenAiWireRequest.ChatCompletions, OpenAiWire.ChatInput, body => body.ChatFeatures(), routes, router,
            async (body, request) =>
            {
                var id = $"chatcmpl-{Guid.NewGuid():N}";
                var created = clock.GetUtcNow().ToUnixTimeSeconds();
                if (body.Stream)
                {
                    var buffer = request.Policy?.Commit == StreamCommit.Buffer;
                    return new ChatStreamResult(await router.OpenStreamAsync(request, http.RequestAborted), body.Model!, id, created, buffer);
                }

                var result = await router.ExecuteAsync(request, http.RequestAborted);
                GatewayHeaders.Write(http.Response, result.Provider, result.Attempts, body.Model);
                return result.Response.Wire is { } wire
                    ? TypedResults.Bytes(wire, "application/json")
                    : TypedResults.Json(OpenAiWire.ChatCompletion(id, created, result.Model, result.Response.Output, result.Response.Usage));
            });
}
