using Marten;
using Pipelines.Engine.Routes;

namespace Microsoft.Extensions.DependencyInjection;

public static class RouteRegistryServiceCollectionExtensions
{
    /// <summary>Tenant routes: their Marten document, the per-process cache the gateway reads, and the commands that write them.</summary>
    public static IServiceCollection AddPipelinesRouteRegistry(this IServiceCollection services)
    {
        services.ConfigureMarten(options => options.Schema.For<RouteDocument>().UseOptimisticConcurrency(true));
        services.AddOptions<RouteRegistryOptions>()
            .BindConfiguration(RouteRegistryOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<TenantRoutes>();
        services.AddScoped<RouteCommands>();
        return services;
    }
}
