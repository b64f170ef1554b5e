using System.Text.Json.Nodes;

namespace Pipelines.Connectors.Onnx;

/// <summary>
/// <c>onnx</c>: a provider on one of the local models shipped with the service (model <c>all-MiniLM-L6-v2</c> or
/// <c>snowflake-arctic-embed-xs</c>). It shares the loaded model with <c>local-minilm</c> / <c>local-arctic</c>.
/// </summary>
public sealed class OnnxConnectorType(OnnxModels models) : IConnectorType
{
    public const string ConnectorName = "onnx";

    public string Name => ConnectorName;

    public string Description =>
        $"Local embedding models run offline in the service (embed, classify by label similarity): model = {string.Join(" or ", OnnxModels.All.Select(m => m.Name))}; no endpoint or key.";

    public IReadOnlyList<string> Capabilities { get; } = [Connectors.Capabilities.Embed, Connectors.Capabilities.Classify];

    public JsonObject SettingsSchema => new() { ["type"] = "object", ["additionalProperties"] = false, ["properties"] = new JsonObject() };

    public IProviderConnector Create(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Endpoint is not null)
        {
            throw Invalid("endpoint: a local model has no endpoint; leave it empty.");
        }

        if (!string.IsNullOrEmpty(settings.ApiKey))
        {
            throw Invalid("apiKey: a local model takes no key; leave it empty.");
        }

        var shared = string.IsNullOrEmpty(settings.Model)
            ? throw Invalid($"model: name one of {string.Join(", ", OnnxModels.All.Select(m => m.Name))}.")
            : models.Find(settings.Model)
                ?? throw Invalid($"model: '{settings.Model}' is not a local model; use one of {string.Join(", ", OnnxModels.All.Select(m => m.Name))}.");
        return new SharedModelProvider(settings.Id, shared);
    }

    private static ConnectorException Invalid(string message) => new(OutcomeClass.InvalidRequest, message);

    /// <summary>A provider id of its own over a shared model; its answers name it as the provider.</summary>
    private sealed class SharedModelProvider(string id, OnnxProvider shared) : IProviderConnector
    {
        public string ProviderId => id;

        public ProviderManifest Manifest => shared.Manifest;

        public async Task<ProviderResponse> InvokeAsync(string capability, JsonObject input, CancellationToken cancellationToken)
        {
            var response = await shared.InvokeAsync(capability, input, cancellationToken);
            if (response.Output is JsonObject output)
            {
                output["provider"] = id;
            }

            return response;
        }
    }
}
