using Microsoft.Extensions.DependencyInjection.Extensions;
using Pipelines.Routing;
using Pipelines.Routing.Health;

namespace Microsoft.Extensions.DependencyInjection;

public static class RoutingServiceCollectionExtensions
{
    /// <summary>The router, provider health and circuits, the retry budget and routing metrics; options from <c>Pipelines:Routing</c>.</summary>
    public static IServiceCollection AddPipelinesRouting(this IServiceCollection services)
    {
        services.AddOptions<RoutingOptions>().BindConfiguration(RoutingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<HealthRegistry>();
        services.AddSingleton<ProbeTargets>();
        services.AddSingleton<ActiveProber>();
        services.AddSingleton<RetryBudget>();
        services.AddSingleton<RoutingMetrics>();
        services.AddSingleton<ProviderCaller>();
        services.AddSingleton<ProviderRouter>();
        return services;
    }
}
