using System.Text.Json.Nodes;
using Pipelines.Connectors;
using Pipelines.Engine.Providers;
using Pipelines.Routing;

namespace Pipelines.Api.Providers;

/// <summary>Costs in currency units per 1,000 tokens.</summary>
public sealed record ProviderCosts(decimal? InputPer1kTokens, decimal? OutputPer1kTokens);

/// <summary>
/// A provider as the API shows it: everything but its secrets (<see cref="HasApiKey"/> and <see cref="SecretOptions"/>
/// say whether they are set). <see cref="Capabilities"/> and <see cref="Manifest"/> are effective: the connector's, with
/// the registry's overrides applied. <see cref="Problem"/> says why a stored provider cannot be used now.
/// </summary>
public sealed record ProviderView(
    string Id,
    IReadOnlyList<string> Capabilities,
    string Connector,
    string? Model,
    string? Endpoint,
    IReadOnlyDictionary<string, string> Tags,
    ProviderCosts Costs,
    int? ContextWindow,
    ProviderOrigin Origin,
    bool? HasApiKey,
    IReadOnlyList<string> SecretOptions,
    JsonObject? Options,
    ProviderManifest? Manifest,
    string? Problem,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    int? Version)
{
    public static ProviderView From(ProviderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var manifest = entry.Provider?.Manifest;
        var capabilities = (IReadOnlyList<string>?)manifest?.Capabilities ?? entry.Document?.Capabilities ?? entry.Spec?.Capabilities ?? [];
        if (entry.Document is { } document)
        {
            return new ProviderView(
                entry.Id, [.. capabilities.Order(StringComparer.Ordinal)], document.Connector, document.Model, document.Endpoint, document.Tags,
                new ProviderCosts(document.InputCostPer1kTokens, document.OutputCostPer1kTokens), document.ContextWindow, entry.Origin,
                document.ApiKeyCipher is not null, document.SecretOptionNames, JsonNode.Parse(document.OptionsJson) as JsonObject,
                manifest, entry.Problem, document.CreatedAt, document.UpdatedAt, document.Revision);
        }

        if (entry.Spec is { } spec)
        {
            return new ProviderView(
                entry.Id, [.. capabilities.Order(StringComparer.Ordinal)], spec.Connector, spec.Model, spec.Endpoint?.AbsoluteUri, spec.Tags,
                new ProviderCosts(spec.InputCostPer1kTokens, spec.OutputCostPer1kTokens), spec.ContextWindow, entry.Origin,
                spec.ApiKeyGiven, [], spec.Options, manifest, entry.Problem, null, null, null);
        }

        return new ProviderView(
            entry.Id, [.. capabilities.Order(StringComparer.Ordinal)], manifest?.Connector ?? "", manifest?.Model, null,
            entry.Provider?.Tags ?? new Dictionary<string, string>(),
            new ProviderCosts(manifest?.InputCostPer1kTokens, manifest?.OutputCostPer1kTokens), manifest?.ContextWindow, entry.Origin,
            null, [], null, manifest, entry.Problem, null, null, null);
    }
}

/// <summary>
/// The body of create and update (documentation of <c>application/json</c>; the handler reads the JSON itself so that
/// an omitted <c>apiKey</c> is told apart from <c>null</c>).
/// </summary>
public sealed record ProviderRequest(
    string? Id,
    string Connector,
    string? Endpoint,
    string? Model,
    string? ApiKey,
    IReadOnlyList<string>? Capabilities,
    IReadOnlyDictionary<string, string>? Tags,
    ProviderCosts? Costs,
    int? ContextWindow,
    JsonObject? Options);
