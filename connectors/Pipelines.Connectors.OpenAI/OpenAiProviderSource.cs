using Microsoft.Extensions.Options;

namespace Pipelines.Connectors.OpenAI;

/// <summary>One <see cref="OpenAiProvider"/> per configured entry, each with its own long-lived HTTP client.</summary>
public sealed class OpenAiProviderSource(IOptions<OpenAiConnectorOptions> options) : IProviderSource
{
    private readonly Lazy<IReadOnlyList<IProviderConnector>> _providers = new(() =>
        [.. options.Value.Providers.Select(p => new OpenAiProvider(
            p.Key,
            p.Value,
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })))]);

    public IEnumerable<IProviderConnector> Providers => _providers.Value;
}
