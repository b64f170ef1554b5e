using Pipelines.Api.Auth;

namespace Pipelines.Api.Providers;

public static class ProvidersEndpoints
{
    public static RouteGroupBuilder MapProviders(this RouteGroupBuilder api)
    {
        var providers = api.MapGroup("/providers").WithTags("Providers");

        providers.MapGet("/", ListProviders.HandleAsync)
            .WithName("ListProviders").WithSummary("The providers this tenant can use (service-wide and its own), never their secrets");

        providers.MapPost("/", CreateProvider.HandleAsync)
            .WithName("CreateProvider").WithSummary("Register a provider; its apiKey is stored encrypted and never returned")
            .RequireAuthorization(Policies.Admin)
            .Accepts<ProviderRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

        providers.MapGet("/{id}", GetProvider.HandleAsync)
            .WithName("GetProvider").WithSummary("Get a provider (ETag for tenant providers)")
            .ProducesProblem(StatusCodes.Status404NotFound);

        providers.MapPut("/{id}", UpdateProvider.HandleAsync)
            .WithName("UpdateProvider").WithSummary("Replace a tenant provider; If-Match required; apiKey omitted keeps it, null clears it")
            .RequireAuthorization(Policies.Admin)
            .Accepts<ProviderRequest>("application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status428PreconditionRequired);

        providers.MapDelete("/{id}", DeleteProvider.HandleAsync)
            .WithName("DeleteProvider").WithSummary("Delete a tenant provider (service-wide providers are read-only: 409)")
            .RequireAuthorization(Policies.Admin)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        providers.MapPost("/{id}/probe", ProbeProvider.HandleAsync)
            .WithName("ProbeProvider").WithSummary("A real minimal call per capability: latency and outcome class of each")
            .RequireAuthorization(Policies.Admin)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return api;
    }
}
