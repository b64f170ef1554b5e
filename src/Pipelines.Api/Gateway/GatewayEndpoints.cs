using Pipelines.Api.Auth;
using Pipelines.Api.Gateway;
using Pipelines.Api.Routing;

namespace Microsoft.Extensions.DependencyInjection;

public static class GatewayEndpoints
{
    public static IServiceCollection AddPipelinesGateway(this IServiceCollection services)
    {
        services.AddOptions<GatewayRoutesOptions>().BindConfiguration(GatewayRoutesOptions.SectionName);
        services.AddPipelinesRouteRegistry();
        services.AddSingleton<GatewayRouteLookup>();
        return services;
    }

    /// <summary>The OpenAI-compatible gateway at <c>/v1</c>: existing OpenAI clients get hot-swap by changing their base URL.</summary>
    public static RouteGroupBuilder MapGateway(this WebApplication app)
    {
        var gateway = app.MapGroup("/v1").RequireAuthorization(Policies.Operator).WithTags("Gateway");
        gateway.MapPost("/chat/completions", ChatCompletions.Handle)
            .WithName("GatewayChatCompletions").WithSummary("OpenAI chat completions over a route (model = route name), streaming or not")
            .Accepts<System.Text.Json.Nodes.JsonObject>("application/json")
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK, "application/json", "text/event-stream")
            .ProducesGatewayProblems();
        gateway.MapPost("/embeddings", Embeddings.Handle)
            .WithName("GatewayEmbeddings").WithSummary("OpenAI embeddings over a route (model = route name)")
            .Accepts<System.Text.Json.Nodes.JsonObject>("application/json")
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK)
            .ProducesGatewayProblems();
        gateway.MapGet("/models", Models.List)
            .WithName("GatewayListModels").WithSummary("The caller's routes as OpenAI models")
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK);
        gateway.MapGet("/models/{id}", Models.Get)
            .WithName("GatewayGetModel").WithSummary("One route as an OpenAI model")
            .Produces<System.Text.Json.Nodes.JsonObject>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return gateway;
    }

    /// <summary>What <see cref="GatewayProblems"/> answers: a bad request, or every provider of the route failing with a class.</summary>
    private static RouteHandlerBuilder ProducesGatewayProblems(this RouteHandlerBuilder endpoint) =>
        endpoint.ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status502BadGateway).ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);

    /// <summary>Routing views under /api/v1.</summary>
    public static RouteGroupBuilder MapRouting(this RouteGroupBuilder api)
    {
        api.MapGet("/providers/{id}/health", GetProviderHealth.Handle)
            .WithName("GetProviderHealth").WithSummary("A provider's health score, window statistics, circuit state and recent failures")
            .WithTags("Providers")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api.MapRoutes();
    }
}
