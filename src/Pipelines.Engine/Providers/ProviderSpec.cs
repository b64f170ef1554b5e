using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Pipelines.Engine.Providers;

/// <summary>A refused field of a provider: its path (<c>tags.residency</c>, <c>options.timeoutSeconds</c>), the rule, and why.</summary>
public sealed record FieldError(string Field, string Rule, string Message);

/// <summary>
/// A provider as the API body and the providers file describe it. <see cref="ApiKeyGiven"/> tells an omitted key
/// (keep the stored one) from an explicit null (clear it).
/// </summary>
public sealed record ProviderSpec(
    string Id,
    string Connector,
    Uri? Endpoint,
    string? Model,
    bool ApiKeyGiven,
    string? ApiKey,
    string? ApiKeyEnv,
    IReadOnlyList<string>? Capabilities,
    IReadOnlyDictionary<string, string> Tags,
    decimal? InputCostPer1kTokens,
    decimal? OutputCostPer1kTokens,
    int? ContextWindow,
    JsonObject Options);

/// <summary>Reads and checks a provider body field by field; every problem is reported at once, none of them ever echoes a secret.</summary>
public static partial class ProviderSpecReader
{
    public const int MaxTags = 32;

    /// <summary>Fields of the provider view a client may send back unchanged on PUT; they are ignored.</summary>
    private static readonly string[] CredentialWords = ["key", "token", "secret", "password", "sig", "auth", "credential"];

    /// <summary>A query parameter named like a credential (api-key, access_token, sig, ...): it would be shown to every viewer.</summary>
    private static bool CredentialInQuery(Uri endpoint) =>
        endpoint.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => Uri.UnescapeDataString(pair.Split('=')[0]))
            .Any(name => CredentialWords.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase)));

    private static readonly HashSet<string> ReadOnlyFields = new(
        ["origin", "hasApiKey", "secretOptions", "manifest", "createdAt", "updatedAt", "version", "problem"], StringComparer.Ordinal);

    private static readonly HashSet<string> Fields = new(
        ["id", "connector", "endpoint", "model", "apiKey", "capabilities", "tags", "costs", "contextWindow", "options"], StringComparer.Ordinal);

    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    /// <param name="body">The JSON object sent (or one entry of the providers file).</param>
    /// <param name="urlId">The id in the URL of a PUT: the body's id may be omitted, and must match when given.</param>
    /// <param name="fromFile">Entries of the providers file name their key with <c>apiKeyEnv</c>; a literal <c>apiKey</c> is refused there.</param>
    /// <param name="prefix">Prefix of every field path (e.g. <c>providers[2].</c> in a file).</param>
    public static (ProviderSpec? Spec, IReadOnlyList<FieldError> Errors) Read(JsonObject body, string? urlId = null, bool fromFile = false, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(body);
        var errors = new List<FieldError>();
        void Fail(string field, string rule, string message) => errors.Add(new FieldError(prefix + field, rule, message));

        foreach (var (name, _) in body)
        {
            if (!Fields.Contains(name) && !ReadOnlyFields.Contains(name) && !(fromFile && name == "apiKeyEnv"))
            {
                Fail(name, "unknown", $"'{name}' is not a provider field.");
            }
        }

        var id = String(body, "id", Fail, required: urlId is null, maxLength: 63);
        if (id is not null && !IsValidId(id))
        {
            Fail("id", "pattern", "must match ^[a-z0-9][a-z0-9-]{0,62}$ (lowercase letters, digits and '-').");
        }
        else if (id is not null && urlId is not null && id != urlId)
        {
            Fail("id", "match", $"'{id}' differs from the provider '{urlId}' in the URL.");
        }

        var connector = String(body, "connector", Fail, required: true, maxLength: 100);
        var endpointText = String(body, "endpoint", Fail, required: false, maxLength: 2000);
        Uri? endpoint = null;
        if (endpointText is not null
            && (!Uri.TryCreate(endpointText, UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("http" or "https")))
        {
            Fail("endpoint", "format", "must be an absolute http(s) URL.");
        }
        else if (endpoint is not null && endpoint.UserInfo.Length > 0)
        {
            // Credentials in a URL would be shown wherever the endpoint is: keys go in apiKey, which is never returned.
            Fail("endpoint", "credentials", "must not hold a user name or password; send the key as apiKey.");
            endpoint = null;
        }
        else if (endpoint is not null && CredentialInQuery(endpoint))
        {
            Fail("endpoint", "credentials", "must not carry a key or token in its query string; send the key as apiKey.");
            endpoint = null;
        }

        var model = String(body, "model", Fail, required: false, maxLength: 200);

        var apiKeyGiven = body.ContainsKey("apiKey");
        string? apiKey = null;
        if (apiKeyGiven && fromFile)
        {
            Fail("apiKey", "not-allowed", "a providers file never holds a key: name the environment variable holding it with apiKeyEnv.");
        }
        else if (apiKeyGiven && body["apiKey"] is not null)
        {
            // Never quote the value: it is a secret.
            apiKey = body["apiKey"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
            if (apiKey is null)
            {
                Fail("apiKey", "type", "must be a string, or null to clear the stored key.");
            }
            else if (apiKey.Length is 0 or > 4096)
            {
                Fail("apiKey", "length", "must hold 1 to 4096 characters.");
                apiKey = null;
            }
        }

        var apiKeyEnv = fromFile ? String(body, "apiKeyEnv", Fail, required: false, maxLength: 200) : null;
        var capabilities = Capabilities(body, Fail);
        var tags = Tags(body, Fail);
        var (inputCost, outputCost) = Costs(body, Fail);

        int? contextWindow = null;
        if (body["contextWindow"] is { } windowNode)
        {
            if (windowNode is JsonValue w && w.TryGetValue<int>(out var window) && window >= 1)
            {
                contextWindow = window;
            }
            else
            {
                Fail("contextWindow", "minimum", "must be a whole number of tokens, at least 1.");
            }
        }

        JsonObject options = [];
        if (body["options"] is { } optionsNode)
        {
            if (optionsNode is JsonObject o)
            {
                options = (JsonObject)o.DeepClone();
            }
            else
            {
                Fail("options", "type", "must be an object of connector settings.");
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new ProviderSpec(
            id ?? urlId!, connector!, endpoint, model, apiKeyGiven, apiKey, apiKeyEnv, capabilities, tags,
            inputCost, outputCost, contextWindow, options), errors);
    }

    private static string? String(JsonObject body, string name, Action<string, string, string> fail, bool required, int maxLength)
    {
        var node = body[name];
        if (node is null)
        {
            if (required)
            {
                fail(name, "required", $"'{name}' is required.");
            }

            return null;
        }

        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            fail(name, "type", "must be a string.");
            return null;
        }

        var text = value.GetValue<string>();
        if (text.Length == 0 || text.Length > maxLength)
        {
            fail(name, "length", $"must hold 1 to {maxLength} characters.");
            return null;
        }

        return text;
    }

    private static List<string>? Capabilities(JsonObject body, Action<string, string, string> fail)
    {
        if (body["capabilities"] is not { } node)
        {
            return null;
        }

        if (node is not JsonArray array || array.Count == 0)
        {
            fail("capabilities", "type", "must be a non-empty array of capability names (a subset of what the connector serves).");
            return null;
        }

        var capabilities = new List<string>();
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { Length: > 0 and <= 63 } capability)
            {
                if (capabilities.Contains(capability, StringComparer.Ordinal))
                {
                    fail($"capabilities[{i}]", "unique", $"'{capability}' is listed twice.");
                }

                capabilities.Add(capability);
            }
            else
            {
                fail($"capabilities[{i}]", "type", "must be a capability name.");
            }
        }

        return capabilities;
    }

    private static Dictionary<string, string> Tags(JsonObject body, Action<string, string, string> fail)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body["tags"] is not { } node)
        {
            return tags;
        }

        if (node is not JsonObject map)
        {
            fail("tags", "type", "must be an object of string values, e.g. { \"residency\": \"eu\", \"locality\": \"cloud\" }.");
            return tags;
        }

        if (map.Count > MaxTags)
        {
            fail("tags", "maxProperties", $"at most {MaxTags} tags.");
        }

        foreach (var (key, value) in map)
        {
            if (!TagKeyPattern().IsMatch(key))
            {
                fail($"tags.{key}", "pattern", "tag names match ^[a-z][a-z0-9_.-]{0,62}$.");
            }
            else if (value is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { Length: <= 200 } text)
            {
                tags[key] = text;
            }
            else
            {
                fail($"tags.{key}", "type", "must be a string of at most 200 characters.");
            }
        }

        return tags;
    }

    private static (decimal? Input, decimal? Output) Costs(JsonObject body, Action<string, string, string> fail)
    {
        if (body["costs"] is not { } node)
        {
            return (null, null);
        }

        if (node is not JsonObject costs)
        {
            fail("costs", "type", "must be an object: { \"inputPer1kTokens\": 0.5, \"outputPer1kTokens\": 1.5 }.");
            return (null, null);
        }

        foreach (var (key, _) in costs)
        {
            if (key is not ("inputPer1kTokens" or "outputPer1kTokens"))
            {
                fail($"costs.{key}", "unknown", "costs hold inputPer1kTokens and outputPer1kTokens.");
            }
        }

        return (Cost(costs, "inputPer1kTokens", fail), Cost(costs, "outputPer1kTokens", fail));
    }

    private static decimal? Cost(JsonObject costs, string name, Action<string, string, string> fail)
    {
        if (costs[name] is not { } node)
        {
            return null;
        }

        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var cost) && cost >= 0)
        {
            return cost;
        }

        fail($"costs.{name}", "minimum", "must be a number, at least 0 (currency units per 1,000 tokens).");
        return null;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[a-z][a-z0-9_.-]{0,62}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex TagKeyPattern();
}
