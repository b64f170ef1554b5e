using System.Text.Json.Nodes;
using Pipelines.Connectors;

namespace Pipelines.Api.Tests.Support;

/// <summary>
/// A chat provider that neither speaks OpenAI's wire nor offers tools, vision or structured output (as many local and
/// remote connectors do not): the gateway must translate for it, and refuse what it cannot serve rather than drop it.
/// </summary>
public sealed class PlainChatProvider : IProviderConnector, IProviderSource
{
    public const string Id = "plain-chat";

    public string ProviderId => Id;

    public ProviderManifest Manifest { get; } = new("test", "plain-model", [Capabilities.Chat]);

    public IEnumerable<IProviderConnector> Providers => [this];

    public Task<ProviderResponse> InvokeAsync(string capability, JsonObject input, CancellationToken cancellationToken) =>
        Task.FromResult(new ProviderResponse(
            new JsonObject { ["text"] = $"plain: {input["messages"]?.AsArray().Count} messages", ["finishReason"] = "stop" },
            new TokenUsage(3, 2)));
}
