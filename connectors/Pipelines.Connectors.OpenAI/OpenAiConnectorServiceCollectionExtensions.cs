using Pipelines.Connectors;
using Pipelines.Connectors.OpenAI;

namespace Microsoft.Extensions.DependencyInjection;

public static class OpenAiConnectorServiceCollectionExtensions
{
    /// <summary>Registers every provider configured under <c>Pipelines:Providers:OpenAI:Providers</c>.</summary>
    public static IServiceCollection AddOpenAiConnector(this IServiceCollection services)
    {
        services.AddOptions<OpenAiConnectorOptions>().BindConfiguration(OpenAiConnectorOptions.SectionName);
        services.AddSingleton<IProviderSource, OpenAiProviderSource>();
        return services;
    }
}
