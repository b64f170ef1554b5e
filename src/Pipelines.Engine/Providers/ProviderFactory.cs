using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pipelines.Connectors;
using Pipelines.Routing;

namespace Pipelines.Engine.Providers;

/// <summary>
/// Turns a provider spec into a routable provider: its connector type checks and builds it, then the registry's
/// overrides (narrowed capabilities, context window, costs) are applied to the manifest. Used by the API before it
/// stores anything, by the providers file at start, and by the directory when it loads a tenant's providers.
/// </summary>
public static partial class ProviderFactory
{
    /// <summary>Names of the options a connector's schema flags <c>"x-secret": true</c>.</summary>
    public static IReadOnlySet<string> SecretOptionNames(IConnectorType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.SettingsSchema["properties"] is JsonObject properties
            ? properties.Where(p => p.Value is JsonObject s && s["x-secret"]?.GetValueKind() == JsonValueKind.True)
                .Select(p => p.Key).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);
    }

    /// <summary>
    /// Builds the provider. Refusals come back as field errors: options that break the connector's schema, settings
    /// the connector rejects, capabilities it does not serve. Never throws on bad settings.
    /// </summary>
    public static (RegisteredProvider? Provider, IReadOnlyList<FieldError> Errors) Build(
        IConnectorType type, ProviderSpec spec, ProviderOrigin origin, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(spec);
        var errors = CheckOptions(type.SettingsSchema, spec.Options, prefix);
        if (spec.Capabilities is { } narrowed)
        {
            for (var i = 0; i < narrowed.Count; i++)
            {
                if (!type.Capabilities.Contains(narrowed[i], StringComparer.Ordinal))
                {
                    errors.Add(new FieldError($"{prefix}capabilities[{i}]", "subset",
                        $"connector '{type.Name}' does not serve '{narrowed[i]}' (it serves {string.Join(", ", type.Capabilities)}); capabilities may only narrow."));
                }
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        IProviderConnector connector;
        try
        {
            connector = type.Create(new ProviderSettings(spec.Id, spec.Endpoint, spec.Model, spec.ApiKey, (JsonObject)spec.Options.DeepClone()));
        }
        catch (ConnectorException rejected)
        {
            var field = FieldOf(rejected.Message);
            var message = rejected.Message.StartsWith(field + ": ", StringComparison.Ordinal) ? rejected.Message[(field.Length + 2)..] : rejected.Message;
            return (null, [new FieldError(prefix + field, "rejected", message)]);
        }

        var served = connector.Manifest.Capabilities;
        if (spec.Capabilities is { } subset)
        {
            for (var i = 0; i < subset.Count; i++)
            {
                if (!served.Contains(subset[i], StringComparer.Ordinal))
                {
                    errors.Add(new FieldError($"{prefix}capabilities[{i}]", "subset",
                        $"this provider does not serve '{subset[i]}' (it serves {string.Join(", ", served)}); capabilities may only narrow."));
                }
            }

            if (errors.Count > 0)
            {
                return (null, errors);
            }
        }

        var manifest = connector.Manifest with
        {
            Capabilities = spec.Capabilities is { } keep ? [.. served.Where(c => keep.Contains(c, StringComparer.Ordinal))] : served,
            ContextWindow = spec.ContextWindow ?? connector.Manifest.ContextWindow,
            InputCostPer1kTokens = spec.InputCostPer1kTokens ?? connector.Manifest.InputCostPer1kTokens,
            OutputCostPer1kTokens = spec.OutputCostPer1kTokens ?? connector.Manifest.OutputCostPer1kTokens,
        };
        return (new RegisteredProvider(spec.Id, connector, manifest, spec.Tags, origin), errors);
    }

    /// <summary>
    /// Options against the connector's settings schema: the subset of JSON Schema connectors use (type, enum, pattern,
    /// length, minimum/maximum, required, additionalProperties: false).
    /// </summary>
    public static List<FieldError> CheckOptions(JsonObject schema, JsonObject options, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<FieldError>();
        var properties = schema["properties"] as JsonObject ?? [];
        var closed = schema["additionalProperties"]?.GetValueKind() == JsonValueKind.False;
        foreach (var (name, value) in options)
        {
            var field = $"{prefix}options.{name}";
            if (properties[name] is not JsonObject property)
            {
                if (closed)
                {
                    errors.Add(new FieldError(field, "unknown", $"the connector has no option '{name}' (it has: {(properties.Count == 0 ? "none" : string.Join(", ", properties.Select(p => p.Key)))})."));
                }

                continue;
            }

            if (value is null)
            {
                continue;
            }

            if (CheckValue(property, value) is { } problem)
            {
                errors.Add(new FieldError(field, problem.Rule, problem.Message));
            }
        }

        foreach (var required in (schema["required"] as JsonArray ?? []).Select(r => r?.ToString()).OfType<string>())
        {
            if (options[required] is null)
            {
                errors.Add(new FieldError($"{prefix}options.{required}", "required", $"the connector needs the option '{required}'."));
            }
        }

        return errors;
    }

    private static (string Rule, string Message)? CheckValue(JsonObject property, JsonNode value)
    {
        var kind = value.GetValueKind();
        var type = property["type"]?.ToString();
        var typeOk = type switch
        {
            "string" => kind == JsonValueKind.String,
            "integer" => kind == JsonValueKind.Number && value is JsonValue i && i.TryGetValue<long>(out _),
            "number" => kind == JsonValueKind.Number,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "array" => kind == JsonValueKind.Array,
            "object" => kind == JsonValueKind.Object,
            _ => true,
        };
        if (!typeOk)
        {
            return ("type", $"must be of type {type}.");
        }

        if (property["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            return ("enum", $"must be one of {string.Join(", ", allowed.Select(a => a?.ToJsonString()))}.");
        }

        if (kind == JsonValueKind.String)
        {
            var text = value.GetValue<string>();
            if (Number(property["minLength"]) is { } min && text.Length < min || Number(property["maxLength"]) is { } max && text.Length > max)
            {
                return ("length", $"must hold {Number(property["minLength"]) ?? 0} to {Number(property["maxLength"])?.ToString(CultureInfo.InvariantCulture) ?? "any number of"} characters.");
            }

            if (property["pattern"]?.ToString() is { } pattern && !Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)))
            {
                return ("pattern", $"must match {pattern}.");
            }
        }

        if (kind == JsonValueKind.Number)
        {
            var number = Number(value)!.Value;
            if (Number(property["minimum"]) is { } minimum && number < minimum)
            {
                return ("minimum", $"must be at least {minimum.ToString(CultureInfo.InvariantCulture)}.");
            }

            if (Number(property["maximum"]) is { } maximum && number > maximum)
            {
                return ("maximum", $"must be at most {maximum.ToString(CultureInfo.InvariantCulture)}.");
            }
        }

        return null;
    }

    private static decimal? Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
        && decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;

    /// <summary>
    /// The field a connector's refusal is about. Connectors start or fill their messages with it
    /// (<c>options.timeoutSeconds: …</c>, <c>endpoint: …</c>, <c>… needs a model</c>); otherwise <c>options</c>.
    /// </summary>
    public static string FieldOf(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (OptionField().Match(message) is { Success: true } option)
        {
            return option.Value;
        }

        return SettingFields
            .Select(f => (Field: f, At: Regex.Match(message, $@"\b{f}\b", RegexOptions.CultureInvariant)))
            .Where(m => m.At.Success)
            .OrderBy(m => m.At.Index)
            .Select(m => m.Field)
            .FirstOrDefault() ?? "options";
    }

    private static readonly string[] SettingFields = ["endpoint", "apiKey", "model"];

    [GeneratedRegex(@"options\.[A-Za-z0-9_-]+", RegexOptions.CultureInvariant)]
    private static partial Regex OptionField();
}
