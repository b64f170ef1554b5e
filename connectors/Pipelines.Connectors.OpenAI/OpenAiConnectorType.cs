using System.Text.Json.Nodes;

namespace Pipelines.Connectors.OpenAI;

/// <summary>
/// <c>openai</c>: OpenAI or any OpenAI-compatible server (Ollama, vLLM, llama.cpp server, the sandbox). The endpoint is
/// the base URL including <c>/v1</c> (default: OpenAI's); the key, when given, travels as a Bearer token.
/// </summary>
public sealed class OpenAiConnectorType(OpenAiTransport transport) : IConnectorType
{
    public const string ConnectorName = "openai";

    public static Uri DefaultEndpoint { get; } = new("https://api.openai.com/v1");

    public string Name => ConnectorName;

    public string Description =>
        "OpenAI or any OpenAI-compatible API (Ollama, vLLM, llama.cpp server): endpoint = base URL including /v1 " +
        "(default https://api.openai.com/v1), model = chat model, apiKey = Bearer key (optional for local servers).";

    public IReadOnlyList<string> Capabilities { get; } = [Connectors.Capabilities.Chat, Connectors.Capabilities.Embed];

    public JsonObject SettingsSchema => OpenAiConnectorSettings.Schema();

    public IProviderConnector Create(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var endpoint = OpenAiConnectorSettings.RequireHttp(settings.Endpoint ?? DefaultEndpoint);
        var options = OpenAiConnectorSettings.Options(settings, endpoint);
        return new OpenAiProvider(settings.Id, options, new HttpClient(transport.Handler, disposeHandler: false), ConnectorName);
    }
}
