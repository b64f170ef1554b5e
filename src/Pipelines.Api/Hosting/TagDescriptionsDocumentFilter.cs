using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Pipelines.Api.Hosting;

/// <summary>Describes each tag the operations use, so readers of the document know what a group is for.</summary>
public sealed class TagDescriptionsDocumentFilter : IDocumentFilter
{
    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["Pipelines"] = "Pipeline definitions: drafts, validation, versions, publishing and archiving.",
        ["Runs"] = "Runs of published versions: start, inspect, follow, signal and cancel.",
        ["Providers"] = "The tenant's model providers, their secrets (write-only) and their health.",
        ["Connectors"] = "Connector types, and remote connectors registered by the tenant.",
        ["Gateway"] = "The OpenAI-compatible gateway at /v1 and its routes (model = route name).",
        ["Keys"] = "API keys: issue, list and revoke (the secret is shown once).",
    };

    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(swaggerDoc);
        foreach (var tag in swaggerDoc.Tags ?? Enumerable.Empty<OpenApiTag>())
        {
            tag.Description ??= Descriptions.GetValueOrDefault(tag.Name ?? "");
        }
    }
}
