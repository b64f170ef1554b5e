using Pipelines.Api.Auth;

namespace Pipelines.Api.Routing;

public static class RoutesEndpoints
{
    /// <summary>Gateway routes under /api/v1/routes: the tenant's own (Author or Admin writes) and the configuration's (read-only).</summary>
    public static RouteGroupBuilder MapRoutes(this RouteGroupBuilder api)
    {
        var routes = api.MapGroup("/routes").WithTags("Gateway");

        routes.MapGet("/", ListRoutes.HandleAsync)
            .WithName("ListRoutes").WithSummary("The gateway routes this tenant can use: its own and those of the configuration, with their origin");

        routes.MapPost("/", CreateRoute.HandleAsync)
            .WithName("CreateRoute").WithSummary("Create a tenant route (the name clients send as model): providers, policy, constraints")
            .RequireAuthorization(Policies.Author)
            .Accepts<RouteRequestBody>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        routes.MapGet("/{name}", GetRoute.HandleAsync)
            .WithName("GetRoute").WithSummary("Get a route (ETag for tenant routes)")
            .ProducesProblem(StatusCodes.Status404NotFound);

        routes.MapPut("/{name}", UpdateRoute.HandleAsync)
            .WithName("UpdateRoute").WithSummary("Replace a tenant route; If-Match required; configuration routes are read-only (409)")
            .RequireAuthorization(Policies.Author)
            .Accepts<RouteRequestBody>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status428PreconditionRequired);

        routes.MapDelete("/{name}", DeleteRoute.HandleAsync)
            .WithName("DeleteRoute").WithSummary("Delete a tenant route (configuration routes are read-only: 409)")
            .RequireAuthorization(Policies.Author)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        return api;
    }
}
