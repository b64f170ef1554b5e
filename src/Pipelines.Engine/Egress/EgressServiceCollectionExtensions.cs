using Pipelines.Connectors.Remote;
using Pipelines.Engine.Egress;

namespace Microsoft.Extensions.DependencyInjection;

public static class EgressServiceCollectionExtensions
{
    /// <summary>
    /// The egress policy (<c>Pipelines:Egress</c>) and the HTTP client remote connectors and their conformance checks
    /// go through, whose sockets obey it.
    /// </summary>
    public static IServiceCollection AddPipelinesEgress(this IServiceCollection services)
    {
        services.AddOptions<EgressOptions>()
            .BindConfiguration(EgressOptions.SectionName)
            .Validate(o => o.Allow.All(a => !string.IsNullOrWhiteSpace(a)), $"{EgressOptions.SectionName}:Allow entries must not be empty.")
            .ValidateOnStart();
        services.AddSingleton<EgressPolicy>();
        services.AddKeyedSingleton(RemoteHttp.ClientKey, (provider, _) => RemoteHttp.Create(provider.GetRequiredService<EgressPolicy>().CreateHandler()));
        return services;
    }
}
