using Pipelines.Connectors;
using Pipelines.Connectors.Remote;

namespace Microsoft.Extensions.DependencyInjection;

public static class RemoteConnectorServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <c>remote</c> connector type: providers whose endpoint is a remote connector's URL
    /// (docs/connectors/remote-protocol.md). Connectors a tenant registers by URL become connector types of their own.
    /// </summary>
    public static IServiceCollection AddRemoteConnector(this IServiceCollection services)
    {
        services.AddSingleton<IConnectorType>(provider => RemoteConnectorType.Generic(provider.GetKeyedService<HttpClient>(RemoteHttp.ClientKey)));
        return services;
    }
}
