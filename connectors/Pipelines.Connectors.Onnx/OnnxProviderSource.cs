using Microsoft.Extensions.Options;

namespace Pipelines.Connectors.Onnx;

/// <summary>Yields <c>local-minilm</c> and <c>local-arctic</c> unless disabled. Creating them loads nothing.</summary>
public sealed class OnnxProviderSource(OnnxModels models, IOptions<OnnxConnectorOptions> options) : IProviderSource
{
    private readonly Lazy<IReadOnlyList<OnnxProvider>> _providers = new(() => Create(models, options.Value));

    public IEnumerable<IProviderConnector> Providers => _providers.Value;

    private static List<OnnxProvider> Create(OnnxModels models, OnnxConnectorOptions options)
    {
        var providers = new List<OnnxProvider>();
        if (!options.Enabled)
        {
            return providers;
        }

        if (options.MiniLm.Enabled)
        {
            providers.Add(models.Get(OnnxModel.MiniLm));
        }

        if (options.Arctic.Enabled)
        {
            providers.Add(models.Get(OnnxModel.Arctic));
        }

        return providers;
    }
}
