using System.Text.Json.Nodes;
using Pipelines.Connectors;

namespace Pipelines.Routing.Tests;

/// <summary>A provider whose every call runs a script, counting calls: the router's logic without HTTP.</summary>
public sealed class FakeProvider(string id, Func<int, CancellationToken, Task<ProviderResponse>> script, ProviderManifest? manifest = null) : IProviderConnector
{
    private int _calls;

    public string ProviderId => id;

    public ProviderManifest Manifest { get; } = manifest ?? new ProviderManifest("fake", id, [Capabilities.Chat, Capabilities.Embed]);

    public int Calls => Volatile.Read(ref _calls);

    public Task<ProviderResponse> InvokeAsync(string capability, JsonObject input, CancellationToken cancellationToken) =>
        script(Interlocked.Increment(ref _calls), cancellationToken);

    public static FakeProvider Answering(string id, ProviderManifest? manifest = null) =>
        new(id, (_, _) => Task.FromResult(Answer(id)), manifest);

    public static FakeProvider Failing(string id, OutcomeClass outcome, TimeSpan? retryAfter = null, ProviderManifest? manifest = null) =>
        new(id, (_, _) => throw new ConnectorException(outcome, $"{id} failed: {outcome}", retryAfter), manifest);

    public static ProviderResponse Answer(string id) => new(new JsonObject { ["text"] = $"from {id}", ["provider"] = id }, new TokenUsage(3, 2));

    public RegisteredProvider Registered(IReadOnlyDictionary<string, string>? tags = null) =>
        new(id, this, Manifest, tags ?? new Dictionary<string, string>(), ProviderOrigin.Configuration);
}
