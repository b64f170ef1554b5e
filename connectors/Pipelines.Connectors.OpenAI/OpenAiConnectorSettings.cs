using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines.Connectors.OpenAI;

/// <summary>
/// Reads the settings shared by the <c>openai</c> and <c>azure-openai</c> connector types. Every fault throws a
/// <see cref="ConnectorException"/> (invalid request) whose message starts with the field it is about.
/// </summary>
internal static class OpenAiConnectorSettings
{
    public const int DefaultTimeoutSeconds = 60;

    public static JsonObject Schema(JsonObject? extra = null)
    {
        var properties = new JsonObject
        {
            ["embeddingModel"] = new JsonObject
            {
                ["type"] = "string", ["minLength"] = 1, ["maxLength"] = 200,
                ["description"] = "Embedding model (or Azure deployment); without it the provider serves chat only.",
            },
            ["timeoutSeconds"] = new JsonObject
            {
                ["type"] = "integer", ["minimum"] = 1, ["maximum"] = 600, ["default"] = DefaultTimeoutSeconds,
                ["description"] = "HTTP timeout of one call (the step's own timeout also applies).",
            },
        };
        foreach (var (name, value) in extra ?? [])
        {
            properties[name] = value?.DeepClone();
        }

        return new JsonObject { ["type"] = "object", ["additionalProperties"] = false, ["properties"] = properties };
    }

    public static OpenAiProviderOptions Options(ProviderSettings settings, Uri endpoint)
    {
        var model = string.IsNullOrWhiteSpace(settings.Model)
            ? throw Invalid("model: the chat model (or Azure deployment) name is required.")
            : settings.Model;
        return new OpenAiProviderOptions
        {
            Endpoint = endpoint,
            Model = model,
            EmbeddingModel = String(settings.Options, "embeddingModel"),
            ApiKey = settings.ApiKey,
            TimeoutSeconds = TimeoutSeconds(settings.Options),
        };
    }

    public static Uri RequireHttp(Uri endpoint)
    {
        if (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https"))
        {
            throw Invalid("endpoint: must be an absolute http(s) URL.");
        }

        return endpoint;
    }

    public static string? String(JsonObject options, string name)
    {
        var node = options[name];
        if (node is null)
        {
            return null;
        }

        return node is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { Length: > 0 } text
            ? text
            : throw Invalid($"options.{name}: must be a non-empty string.");
    }

    private static int TimeoutSeconds(JsonObject options)
    {
        var node = options["timeoutSeconds"];
        if (node is null)
        {
            return DefaultTimeoutSeconds;
        }

        return node is JsonValue value && value.TryGetValue<int>(out var seconds) && seconds is >= 1 and <= 600
            ? seconds
            : throw Invalid("options.timeoutSeconds: must be a whole number of seconds between 1 and 600.");
    }

    public static ConnectorException Invalid(string message) => new(OutcomeClass.InvalidRequest, message);
}
