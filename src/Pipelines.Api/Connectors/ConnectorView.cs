using System.Text.Json.Nodes;
using Pipelines.Connectors;
using Pipelines.Engine.RemoteConnectors;

namespace Pipelines.Api.Connectors;

/// <summary>
/// A connector type as the API lists it: <c>in-process</c> (registered in the service by <c>AddXxxConnector()</c>) or
/// <c>remote</c> (registered by this tenant at a URL, after the conformance suite passed).
/// </summary>
public sealed record ConnectorView(
    string Name,
    string Kind,
    string Description,
    IReadOnlyList<string> Capabilities,
    JsonObject SettingsSchema,
    string? Version = null,
    string? Url = null,
    DateTimeOffset? RegisteredAt = null)
{
    public const string InProcess = "in-process";
    public const string Remote = "remote";

    public static ConnectorView From(IConnectorType type) =>
        new(type.Name, InProcess, type.Description, [.. type.Capabilities.Order(StringComparer.Ordinal)], type.SettingsSchema);

    public static ConnectorView From(RemoteConnectorDocument document, IConnectorType type) =>
        new(document.Id, Remote, type.Description, [.. document.Capabilities.Order(StringComparer.Ordinal)], type.SettingsSchema,
            document.Version, document.Url, document.RegisteredAt);
}
