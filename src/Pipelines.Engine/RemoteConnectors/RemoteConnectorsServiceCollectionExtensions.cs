using Marten;
using Pipelines.Engine.RemoteConnectors;

namespace Microsoft.Extensions.DependencyInjection;

public static class RemoteConnectorsServiceCollectionExtensions
{
    /// <summary>
    /// Remote connectors registered per tenant (checked by the conformance suite first): their Marten document, and
    /// their connector types, which <see cref="Pipelines.Engine.Providers.ConnectorTypes"/> lists beside the in-process ones.
    /// </summary>
    public static IServiceCollection AddPipelinesRemoteConnectors(this IServiceCollection services)
    {
        services.ConfigureMarten(options => options.Schema.For<RemoteConnectorDocument>());
        services.AddOptions<RemoteConnectorOptions>()
            .BindConfiguration(RemoteConnectorOptions.SectionName)
            .Validate(o => o.CheckDeadlineSeconds is >= 1 and <= 120, "Pipelines:Connectors:Remote:CheckDeadlineSeconds must be between 1 and 120.")
            .ValidateOnStart();
        services.AddSingleton<RemoteConnectorCatalog>();
        services.AddSingleton<RemoteConnectorRegistry>();
        return services;
    }
}
