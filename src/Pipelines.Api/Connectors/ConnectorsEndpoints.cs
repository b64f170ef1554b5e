using Pipelines.Api.Auth;

namespace Pipelines.Api.Connectors;

public static class ConnectorsEndpoints
{
    public static RouteGroupBuilder MapConnectors(this RouteGroupBuilder api)
    {
        var connectors = api.MapGroup("/connectors").WithTags("Connectors");
        connectors.MapGet("/", ListConnectors.HandleAsync)
            .WithName("ListConnectors").WithSummary("Connector types: in-process ones and this tenant's registered remote connectors");
        connectors.MapGet("/{name}", GetConnector.HandleAsync)
            .WithName("GetConnector").WithSummary("One connector type")
            .ProducesProblem(StatusCodes.Status404NotFound);
        connectors.MapPost("/", RegisterConnector.HandleAsync).RequireAuthorization(Policies.Admin)
            .WithName("RegisterConnector").WithSummary("Register a remote connector by URL after it passes the conformance suite (422 with the report if not)")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        connectors.MapDelete("/{name}", DeleteConnector.HandleAsync).RequireAuthorization(Policies.Admin)
            .WithName("DeleteConnector").WithSummary("Remove a registered remote connector")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }
}
