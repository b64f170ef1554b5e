using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Pipelines.Connectors;
using Pipelines.Connectors.Onnx;

namespace Microsoft.Extensions.DependencyInjection;

public static class OnnxConnectorServiceCollectionExtensions
{
    /// <summary>
    /// Registers the local ONNX providers <c>local-minilm</c> and <c>local-arctic</c> (embed, classify),
    /// configured under <c>Pipelines:Providers:Onnx</c>. Models load on first use.
    /// </summary>
    public static IServiceCollection AddOnnxConnector(this IServiceCollection services)
    {
        services.AddOptions<OnnxConnectorOptions>()
            .BindConfiguration(OnnxConnectorOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OnnxConnectorOptions>, OnnxConnectorOptionsValidator>());
        services.AddSingleton<IProviderSource, OnnxProviderSource>();
        return services;
    }
}
