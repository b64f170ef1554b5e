using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipelines.Connectors.Remote;

/// <summary>A remote connector's <c>GET /manifest</c>: who it is and the models it serves.</summary>
public sealed record RemoteManifest(
    string Protocol,
    string Name,
    string Version,
    string? Description,
    bool RequiresBearer,
    IReadOnlyList<RemoteModel> Models,
    JsonObject Settings)
{
    /// <summary>
    /// Reads a manifest; throws <see cref="ConnectorException"/> (InvalidRequest) naming the first field the client
    /// cannot use. Unknown fields are ignored, as the protocol asks.
    /// </summary>
    public static RemoteManifest Parse(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException exception)
        {
            throw new ConnectorException(OutcomeClass.InvalidRequest, "The manifest is not JSON.", inner: exception);
        }

        return Parse(node);
    }

    public static RemoteManifest Parse(JsonNode? node)
    {
        if (node is not JsonObject root)
        {
            throw Bad("the manifest must be a JSON object");
        }

        var protocol = String(root, "protocol") ?? throw Bad("'protocol' is missing");
        if (protocol != RemoteProtocol.Version)
        {
            throw Bad($"protocol '{protocol}' is not supported; this client speaks {RemoteProtocol.Version}");
        }

        var name = String(root, "name") ?? throw Bad("'name' is missing");
        var version = String(root, "version") ?? throw Bad("'version' is missing");
        var auth = String(root, "auth") ?? "none";
        if (auth is not ("none" or "bearer"))
        {
            throw Bad($"'auth' is '{auth}'; expected none or bearer");
        }

        if (root["models"] is not JsonArray { Count: > 0 } models)
        {
            throw Bad("'models' must list at least one model");
        }

        var parsed = models.Select((m, i) => RemoteModel.Parse(m, i)).ToList();
        var duplicate = parsed.GroupBy(m => m.Model, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw Bad($"model '{duplicate.Key}' is listed twice");
        }

        return new RemoteManifest(
            protocol, name, version, String(root, "description"), auth == "bearer", parsed,
            root["settings"] is JsonObject settings ? (JsonObject)settings.DeepClone() : new JsonObject { ["type"] = "object" });
    }

    /// <summary>Every capability some model serves, sorted.</summary>
    public IReadOnlyList<string> Capabilities =>
        [.. Models.SelectMany(m => m.Capabilities).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    public RemoteModel? FindModel(string? model) =>
        model is null ? Models[0] : Models.FirstOrDefault(m => string.Equals(m.Model, model, StringComparison.Ordinal));

    internal static string? String(JsonObject node, string property) =>
        node[property] is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text : null;

    internal static ConnectorException Bad(string what) => new(OutcomeClass.InvalidRequest, $"Unusable manifest: {what}.");
}

/// <summary>One model of a remote connector, with the fields of <see cref="ProviderManifest"/>.</summary>
public sealed record RemoteModel(
    string Model,
    IReadOnlyList<string> Capabilities,
    int? ContextWindow,
    IReadOnlyList<string>? Modalities,
    bool JsonMode,
    bool Tools,
    bool Streaming,
    decimal? InputCostPer1kTokens,
    decimal? OutputCostPer1kTokens)
{
    public ProviderManifest ToProviderManifest(string connector, string? version) => new(
        connector, Model, Capabilities, ContextWindow, Modalities, JsonMode, Tools, Streaming,
        InputCostPer1kTokens, OutputCostPer1kTokens, version);

    internal static RemoteModel Parse(JsonNode? node, int index)
    {
        if (node is not JsonObject model)
        {
            throw RemoteManifest.Bad($"models[{index}] must be an object");
        }

        var name = RemoteManifest.String(model, "model") ?? throw RemoteManifest.Bad($"models[{index}].model is missing");
        if (model["capabilities"] is not JsonArray { Count: > 0 } capabilities
            || capabilities.Any(c => c is not JsonValue v || !v.TryGetValue<string>(out var s) || string.IsNullOrWhiteSpace(s)))
        {
            throw RemoteManifest.Bad($"models[{index}].capabilities must list at least one capability name");
        }

        return new RemoteModel(
            name,
            [.. capabilities.Select(c => c!.GetValue<string>()).Distinct(StringComparer.Ordinal)],
            model["contextWindow"] is JsonValue w && w.TryGetValue<int>(out var window) ? window : null,
            model["modalities"] is JsonArray modalities ? [.. modalities.OfType<JsonValue>().Select(v => v.ToString())] : null,
            Flag(model, "jsonMode"),
            Flag(model, "tools"),
            Flag(model, "streaming"),
            Cost(model, "inputCostPer1kTokens"),
            Cost(model, "outputCostPer1kTokens"));
    }

    private static bool Flag(JsonObject node, string property) => node[property]?.GetValueKind() == JsonValueKind.True;

    private static decimal? Cost(JsonObject node, string property) =>
        node[property] is JsonValue value && value.TryGetValue<decimal>(out var cost) ? cost : null;
}
