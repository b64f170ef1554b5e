using System.Text.Json;
using System.Text.Json.Nodes;
using Pipelines.Core.Definitions;

namespace Pipelines.Cli;

/// <summary>A route file: a YAML or JSON object with <c>kind: Route</c>, in the shape of the routes API's body (docs/ci.md).</summary>
public sealed record LocalRoute(string File, string Name, JsonObject Body);

public static class RouteFiles
{
    public const string Kind = "Route";

    /// <summary>The file's route when its text is an object with <c>kind: Route</c>; null for anything else (a definition).</summary>
    public static LocalRoute? TryRead(string file, string text, DefinitionFormat format) =>
        DefinitionText.Read(text, format).Root is JsonObject body && Text(body, "kind") == Kind
            ? new LocalRoute(file, Text(body, "name") ?? "", body)
            : null;

    /// <summary>
    /// A route's description, providers, policy and constraints in one canonical JSON text, so a file and the server's
    /// view compare equal when they say the same; null when the tool cannot read them (the server will say why).
    /// </summary>
    public static string? Content(JsonObject route)
    {
        ArgumentNullException.ThrowIfNull(route);
        try
        {
            return JsonSerializer.Serialize(new
            {
                description = Text(route, "description"),
                providers = route["providers"]?.Deserialize<List<string>>(ApiClient.Json) ?? [],
                policy = route["policy"]?.Deserialize<RoutingPolicy>(ApiClient.Json) ?? new RoutingPolicy(),
                constraints = route["constraints"]?.Deserialize<StepConstraints>(ApiClient.Json) ?? new StepConstraints(),
            }, ApiClient.Json);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static string? Text(JsonObject body, string field) =>
        body[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
