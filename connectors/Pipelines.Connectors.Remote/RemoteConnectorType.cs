using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines.Connectors.Remote;

/// <summary>
/// Remote connectors as connector types. <see cref="Generic"/> is <c>remote</c>: the provider's endpoint is the
/// connector's URL and its options say which capabilities it serves (nothing is fetched when a provider is built).
/// <see cref="Registered"/> is a connector a tenant registered after it passed the conformance suite: its name is the
/// registered name, its URL is every provider's endpoint, and its manifest says what each model serves.
/// </summary>
public sealed class RemoteConnectorType : IConnectorType
{
    public const string GenericName = "remote";

    private const int DefaultTimeoutSeconds = 30;

    /// <summary>Option keys the client reads itself; every other option is forwarded to the connector.</summary>
    private static readonly HashSet<string> ClientOptions = new(["timeoutSeconds", "capabilities", "streaming"], StringComparer.Ordinal);

    private readonly HttpClient _http;

    private RemoteConnectorType(string name, string description, IReadOnlyList<string> capabilities, JsonObject settingsSchema,
        Uri? url, RemoteManifest? manifest, HttpClient? http)
    {
        Name = name;
        Description = description;
        Capabilities = capabilities;
        SettingsSchema = settingsSchema;
        Url = url;
        RemoteManifest = manifest;
        _http = http ?? RemoteHttp.Shared;
    }

    public string Name { get; }

    public string Description { get; }

    public IReadOnlyList<string> Capabilities { get; }

    public JsonObject SettingsSchema { get; }

    /// <summary>The registered connector's URL; null for the generic type.</summary>
    public Uri? Url { get; }

    /// <summary>The registered connector's manifest; null for the generic type.</summary>
    public RemoteManifest? RemoteManifest { get; }

    public static RemoteConnectorType Generic(HttpClient? http = null) => new(
        GenericName,
        "A connector in any language behind the remote connector protocol (docs/connectors/remote-protocol.md); the provider's endpoint is its URL.",
        [Connectors.Capabilities.Chat, Connectors.Capabilities.Classify, Connectors.Capabilities.Embed],
        Schema(null, generic: true),
        null,
        null,
        http);

    public static RemoteConnectorType Registered(string name, Uri url, RemoteManifest manifest, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(manifest);
        return new RemoteConnectorType(
            name,
            manifest.Description ?? $"Remote connector {manifest.Name} {manifest.Version}.",
            manifest.Capabilities,
            Schema(manifest.Settings, generic: false),
            url,
            manifest,
            http);
    }

    public IProviderConnector Create(ProviderSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var timeout = TimeSpan.FromSeconds(TimeoutSeconds(settings.Options));
        var forwarded = new JsonObject();
        foreach (var (key, value) in settings.Options)
        {
            if (!ClientOptions.Contains(key))
            {
                forwarded[key] = value?.DeepClone();
            }
        }

        if (RemoteManifest is null)
        {
            var endpoint = settings.Endpoint ?? throw Invalid($"Provider '{settings.Id}': a remote provider needs an endpoint (the connector's URL).");
            RequireHttp(endpoint, settings.Id);
            var capabilities = settings.Options["capabilities"] is JsonArray list
                ? list.OfType<JsonValue>().Select(v => v.ToString()).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList()
                : [];
            if (capabilities.Count == 0)
            {
                throw Invalid($"Provider '{settings.Id}': options.capabilities must list what the connector serves.");
            }

            var model = settings.Model ?? throw Invalid($"Provider '{settings.Id}': a remote provider needs a model.");
            var streaming = settings.Options["streaming"]?.GetValueKind() == JsonValueKind.True;
            return new RemoteProvider(
                settings.Id, endpoint, new ProviderManifest(Name, model, capabilities, Streaming: streaming), settings.ApiKey, forwarded, timeout, _http);
        }

        if (settings.Endpoint is not null && !SameUrl(settings.Endpoint, Url!))
        {
            throw Invalid($"Provider '{settings.Id}': connector '{Name}' is served at {Url}; leave the endpoint empty or use that URL.");
        }

        var served = RemoteManifest.FindModel(settings.Model)
            ?? throw Invalid($"Provider '{settings.Id}': connector '{Name}' serves no model '{settings.Model}' (it serves {string.Join(", ", RemoteManifest.Models.Select(m => m.Model))}).");
        return new RemoteProvider(settings.Id, Url!, served.ToProviderManifest(Name, RemoteManifest.Version), settings.ApiKey, forwarded, timeout, _http);
    }

    private static int TimeoutSeconds(JsonObject options)
    {
        if (options["timeoutSeconds"] is null)
        {
            return DefaultTimeoutSeconds;
        }

        return options["timeoutSeconds"] is JsonValue value && value.TryGetValue<int>(out var seconds) && seconds is >= 1 and <= 600
            ? seconds
            : throw Invalid("options.timeoutSeconds must be a whole number of seconds between 1 and 600.");
    }

    private static void RequireHttp(Uri endpoint, string provider)
    {
        if (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https"))
        {
            throw Invalid($"Provider '{provider}': the endpoint must be an absolute http(s) URL.");
        }
    }

    private static bool SameUrl(Uri a, Uri b) =>
        string.Equals(a.AbsoluteUri.TrimEnd('/'), b.AbsoluteUri.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private static JsonObject Schema(JsonObject? connectorSettings, bool generic)
    {
        var properties = connectorSettings?["properties"] is JsonObject own ? (JsonObject)own.DeepClone() : [];
        properties["timeoutSeconds"] = new JsonObject
        {
            ["type"] = "integer", ["minimum"] = 1, ["maximum"] = 600, ["default"] = DefaultTimeoutSeconds,
            ["description"] = "How long one call may take; sent to the connector as its deadline.",
        };
        var schema = new JsonObject { ["type"] = "object", ["properties"] = properties };
        if (generic)
        {
            properties["capabilities"] = new JsonObject
            {
                ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" }, ["minItems"] = 1,
                ["description"] = "What the connector serves for this model (registered connectors read it from their manifest).",
            };
            properties["streaming"] = new JsonObject { ["type"] = "boolean", ["description"] = "Whether the model streams chat answers." };
            schema["required"] = new JsonArray("capabilities");
        }
        else if (connectorSettings?["required"] is JsonArray required)
        {
            schema["required"] = required.DeepClone();
        }

        return schema;
    }

    private static ConnectorException Invalid(string message) => new(OutcomeClass.InvalidRequest, message);
}
