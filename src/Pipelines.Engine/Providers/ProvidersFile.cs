using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pipelines.Engine.Providers;

/// <summary>
/// Reads the providers file: YAML or JSON, <c>providers:</c> a list of entries in the shape of the API's body, keys
/// named by <c>apiKeyEnv</c> (the environment variable holding them), and <c>${NAME}</c> / <c>${NAME:-default}</c>
/// replaced by environment variables in every string. Errors name the file, the entry's field and the rule, never a value.
/// </summary>
public static partial class ProvidersFile
{
    public static (IReadOnlyList<ProviderSpec> Specs, IReadOnlyList<string> Errors) Read(string path, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(environment);
        if (!File.Exists(path))
        {
            return ([], [$"{path}: the file does not exist."]);
        }

        JsonNode? root;
        try
        {
            var text = File.ReadAllText(path);
            root = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? JsonNode.Parse(text) : FromYaml(text);
        }
        catch (Exception e) when (e is JsonException or YamlException)
        {
            return ([], [$"{path}: not well-formed ({e.GetType().Name}: {e.Message})."]);
        }

        var entries = root switch
        {
            JsonObject o when o["providers"] is JsonArray list => list,
            JsonObject o when o["providers"] is null && o.Count == 0 => [],
            JsonArray list => list,
            _ => null,
        };
        if (entries is null)
        {
            return ([], [$"{path}: expected 'providers:' followed by a list of providers."]);
        }

        var specs = new List<ProviderSpec>();
        var errors = new List<string>();
        for (var i = 0; i < entries.Count; i++)
        {
            var prefix = $"providers[{i}].";
            if (entries[i] is not JsonObject entry)
            {
                errors.Add($"{path}: providers[{i}] must be an object.");
                continue;
            }

            var expanded = (JsonObject)Expand(entry, environment, prefix, errors, path)!;
            var (spec, problems) = ProviderSpecReader.Read(expanded, fromFile: true, prefix: prefix);
            errors.AddRange(problems.Select(p => $"{path}: {p.Field} ({p.Rule}): {p.Message}"));
            if (spec is null)
            {
                continue;
            }

            if (spec.ApiKeyEnv is { } variable)
            {
                var key = environment(variable);
                if (string.IsNullOrEmpty(key))
                {
                    errors.Add($"{path}: {prefix}apiKeyEnv (unset): the environment variable {variable} is not set.");
                    continue;
                }

                spec = spec with { ApiKey = key, ApiKeyGiven = true };
            }

            if (specs.Any(s => s.Id == spec.Id))
            {
                errors.Add($"{path}: {prefix}id (unique): '{spec.Id}' is declared twice.");
                continue;
            }

            specs.Add(spec);
        }

        return (specs, errors);
    }

    private static JsonNode? Expand(JsonNode? node, Func<string, string?> environment, string field, List<string> errors, string path)
    {
        switch (node)
        {
            case JsonObject o:
                return new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Expand(p.Value, environment, field + p.Key + ".", errors, path))));
            case JsonArray a:
                return new JsonArray([.. a.Select(item => Expand(item, environment, field, errors, path))]);
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                var text = Variable().Replace(v.GetValue<string>(), m =>
                {
                    var value = environment(m.Groups["name"].Value);
                    if (!string.IsNullOrEmpty(value))
                    {
                        return value;
                    }

                    if (m.Groups["default"].Success)
                    {
                        return m.Groups["default"].Value;
                    }

                    errors.Add($"{path}: {field.TrimEnd('.')} (unset): the environment variable {m.Groups["name"].Value} is not set.");
                    return "";
                });
                return JsonValue.Create(text);
            default:
                return node?.DeepClone();
        }
    }

    /// <summary>YAML to JSON: plain scalars that read as numbers, booleans or null become those; everything else a string.</summary>
    private static JsonNode? FromYaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create((c.Key as YamlScalarNode)?.Value ?? "", Convert(c.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(Convert)]),
        YamlScalarNode { Style: ScalarStyle.Plain } scalar => Plain(scalar.Value ?? ""),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value ?? ""),
        _ => null,
    };

    private static JsonValue? Plain(string value) => value switch
    {
        "" or "~" or "null" => null,
        "true" => JsonValue.Create(true),
        "false" => JsonValue.Create(false),
        // Parsed from JSON text, so readers can take the number as any numeric type (as with a JSON body).
        _ when long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) =>
            (JsonValue)JsonNode.Parse(whole.ToString(CultureInfo.InvariantCulture))!,
        _ when decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) =>
            (JsonValue)JsonNode.Parse(number.ToString(CultureInfo.InvariantCulture))!,
        _ => JsonValue.Create(value),
    };

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(:-(?<default>[^}]*))?\}", RegexOptions.CultureInvariant)]
    private static partial Regex Variable();
}
