using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pipelines.Connectors;
using Pipelines.Connectors.Onnx;

namespace Microsoft.Extensions.DependencyInjection;

public static class OnnxConnectorServiceCollectionExtensions
{
    /// <summary>
    /// Registers the local ONNX providers <c>local-minilm</c> and <c>local-arctic</c> (embed, classify),
    /// configured under <c>Pipelines:Providers:Onnx</c>, and the <c>onnx</c> connector type (providers a tenant registers on the
    /// same, shared models). Models load on first use.
    /// </summary>
    public static IServiceCollection AddOnnxConnector(this IServiceCollection services)
    {
        services.AddOptions<OnnxConnectorOptions>()
            .BindConfiguration(OnnxConnectorOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OnnxConnectorOptions>, OnnxConnectorOptionsValidator>());
        services.AddSingleton<OnnxModels>();
        services.AddSingleton<IProviderSource, OnnxProviderSource>();
        services.AddSingleton<IConnectorType, OnnxConnectorType>();
        return services;
    }
}
