using Microsoft.Extensions.DependencyInjection.Extensions;
using Pipelines.Connectors;
using Pipelines.Connectors.OpenAI;

namespace Microsoft.Extensions.DependencyInjection;

public static class OpenAiConnectorServiceCollectionExtensions
{
    /// <summary>
    /// Registers every provider configured under <c>Pipelines:Providers:OpenAI:Providers</c>, and the <c>openai</c> and
    /// <c>azure-openai</c> connector types the provider registry builds providers from. Providers of those types send
    /// through the registered <see cref="OpenAiTransport"/> (a default one unless the host registered its own first).
    /// </summary>
    public static IServiceCollection AddOpenAiConnector(this IServiceCollection services)
    {
        services.AddOptions<OpenAiConnectorOptions>().BindConfiguration(OpenAiConnectorOptions.SectionName);
        services.TryAddSingleton(OpenAiTransport.Default);
        services.AddSingleton<IProviderSource, OpenAiProviderSource>();
        services.AddSingleton<IConnectorType, OpenAiConnectorType>();
        services.AddSingleton<IConnectorType, AzureOpenAiConnectorType>();
        return services;
    }
}
