using Microsoft.Extensions.Options;

namespace Pipelines.Connectors.Onnx;

/// <summary>
/// The local models of this process, one <see cref="OnnxProvider"/> each: the configured providers
/// (<c>local-minilm</c>, <c>local-arctic</c>) and every provider a tenant registers with connector <c>onnx</c> share
/// them, so each model is loaded once whatever the number of providers.
/// </summary>
public sealed class OnnxModels(IOptions<OnnxConnectorOptions> options) : IDisposable
{
    public static IReadOnlyList<OnnxModel> All { get; } = [OnnxModel.MiniLm, OnnxModel.Arctic];

    private readonly Dictionary<string, Lazy<OnnxProvider>> _providers = All.ToDictionary(
        m => m.Name,
        m => new Lazy<OnnxProvider>(() => new OnnxProvider(m, options.Value), LazyThreadSafetyMode.ExecutionAndPublication),
        StringComparer.Ordinal);

    /// <summary>The shared provider of a model, by model name (all-MiniLM-L6-v2, snowflake-arctic-embed-xs); null for another name.</summary>
    public OnnxProvider? Find(string modelName) => _providers.GetValueOrDefault(modelName)?.Value;

    public OnnxProvider Get(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return _providers[model.Name].Value;
    }

    public void Dispose()
    {
        foreach (var provider in _providers.Values.Where(p => p.IsValueCreated))
        {
            provider.Value.Dispose();
        }
    }
}
