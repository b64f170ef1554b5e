using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Pipelines.Connectors.OpenAI;

/// <summary>
/// <c>azure-openai</c>: an Azure OpenAI resource through its OpenAI-compatible v1 API,
/// <c>https://{resource}.openai.azure.com/openai/v1/</c>; the model is the deployment name and the resource key is
/// sent in the <c>api-key</c> header (never as a Bearer token).
/// </summary>
public sealed partial class AzureOpenAiConnectorType(OpenAiTransport transport) : IConnectorType
{
    public const string ConnectorName = "azure-openai";

    public string Name => ConnectorName;

    public string Description =>
        "Azure OpenAI through its v1 API: endpoint = https://{resource}.openai.azure.com/openai/v1/ (or options.resource), " +
        "model = deployment name, apiKey = the resource key (sent in the api-key header).";

    public IReadOnlyList<string> Capabilities { get; } = [Connectors.Capabilities.Chat, Connectors.Capabilities.Embed];

    public JsonObject SettingsSchema => OpenAiConnectorSettings.Schema(new JsonObject
    {
        ["resource"] = new JsonObject
        {
            ["type"] = "string", ["pattern"] = "^[a-zA-Z0-9][a-zA-Z0-9-]{0,62}$",
            ["description"] = "Azure resource name; the endpoint becomes https://{resource}.openai.azure.com/openai/v1/ when none is given.",
        },
    });

    /// <summary>The v1 endpoint of a resource.</summary>
    public static Uri EndpointOf(string resource) => new($"https://{resource}.openai.azure.com/openai/v1/");

    public IProviderConnector Create(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var resource = OpenAiConnectorSettings.String(settings.Options, "resource");
        if (resource is not null && !ResourceName().IsMatch(resource))
        {
            throw OpenAiConnectorSettings.Invalid("options.resource: must be an Azure resource name (letters, digits and '-').");
        }

        var endpoint = settings.Endpoint ?? (resource is null
            ? throw OpenAiConnectorSettings.Invalid("endpoint: give the resource's v1 endpoint (https://{resource}.openai.azure.com/openai/v1/) or options.resource.")
            : EndpointOf(resource));
        OpenAiConnectorSettings.RequireHttp(endpoint);
        if (string.IsNullOrEmpty(settings.ApiKey))
        {
            throw OpenAiConnectorSettings.Invalid("apiKey: an Azure OpenAI provider needs the resource's key.");
        }

        // The key goes only into the api-key header: Semantic Kernel gets no key, and the handler drops its Authorization.
        var options = OpenAiConnectorSettings.Options(settings with { ApiKey = null }, endpoint);
        var http = new HttpClient(new AzureApiKeyHandler(settings.ApiKey, transport.Handler), disposeHandler: false);
        return new OpenAiProvider(settings.Id, options, http, ConnectorName);
    }

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex ResourceName();
}
