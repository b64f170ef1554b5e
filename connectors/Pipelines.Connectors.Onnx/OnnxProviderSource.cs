using Microsoft.Extensions.Options;

namespace Pipelines.Connectors.Onnx;

/// <summary>Yields <c>local-minilm</c> and <c>local-arctic</c> unless disabled. Creating them loads nothing.</summary>
public sealed class OnnxProviderSource(IOptions<OnnxConnectorOptions> options) : IProviderSource, IDisposable
{
    private readonly Lazy<IReadOnlyList<OnnxProvider>> _providers = new(() => Create(options.Value));

    public IEnumerable<IProviderConnector> Providers => _providers.Value;

    public void Dispose()
    {
        if (_providers.IsValueCreated)
        {
            foreach (var provider in _providers.Value)
            {
                provider.Dispose();
            }
        }
    }

    private static List<OnnxProvider> Create(OnnxConnectorOptions options)
    {
        var providers = new List<OnnxProvider>();
        if (!options.Enabled)
        {
            return providers;
        }

        if (options.MiniLm.Enabled)
        {
            providers.Add(new OnnxProvider(OnnxModel.MiniLm, options));
        }

        if (options.Arctic.Enabled)
        {
            providers.Add(new OnnxProvider(OnnxModel.Arctic, options));
        }

        return providers;
    }
}
