using Marten;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Pipelines.Engine.Providers;
using Pipelines.Routing;

namespace Microsoft.Extensions.DependencyInjection;

public static class ProviderRegistryServiceCollectionExtensions
{
    /// <summary>
    /// The provider registry: tenant provider documents, the providers file, the directory the router reads, secrets
    /// encrypted with Data Protection (key ring in PostgreSQL, shared by every process), and the validator's catalog.
    /// </summary>
    public static IServiceCollection AddPipelinesProviderRegistry(this IServiceCollection services)
    {
        services.ConfigureMarten(options =>
        {
            options.Schema.For<ProviderDocument>().UseOptimisticConcurrency(true);
        });
        services.AddOptions<ProviderRegistryOptions>()
            .BindConfiguration(ProviderRegistryOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddDataProtection().SetApplicationName("pipelines");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider => new ConfigureOptions<KeyManagementOptions>(
            options => options.XmlRepository = new PostgresXmlRepository(provider.GetRequiredService<IDocumentStore>(), provider.GetRequiredService<TimeProvider>())));
        services.AddSingleton<ProviderSecrets>();

        services.AddSingleton<ProviderDirectory>();
        services.AddSingleton<IProviderDirectory>(provider => provider.GetRequiredService<ProviderDirectory>());
        services.AddSingleton<ProviderCatalogs>();
        services.AddScoped<ProviderCommands>();
        services.AddHostedService<ProvidersFileLoader>();
        return services;
    }

    /// <summary>Loads the service-wide providers at start, so a bad providers file stops the service with its problems listed.</summary>
    private sealed class ProvidersFileLoader(ProviderDirectory directory) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => directory.LoadServiceWideAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
