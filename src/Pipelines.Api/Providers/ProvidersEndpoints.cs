namespace Pipelines.Api.Providers;

public static class ProvidersEndpoints
{
    public static RouteGroupBuilder MapProviders(this RouteGroupBuilder api)
    {
        api.MapGet("/providers", ListProviders.Handle)
            .WithName("ListProviders").WithSummary("The providers configured on this service and the capabilities each serves")
            .WithTags("Providers");
        return api;
    }
}
