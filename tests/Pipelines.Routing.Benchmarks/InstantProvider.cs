using System.Text.Json.Nodes;
using Pipelines.Connectors;

namespace Pipelines.Routing.Benchmarks;

/// <summary>A provider that answers at once, so a measurement holds only the router's own work.</summary>
public sealed class InstantProvider(string id, decimal cost) : IProviderConnector
{
    private static readonly Task<ProviderResponse> Answer = Task.FromResult(new ProviderResponse(new JsonObject { ["text"] = "ok" }));

    public string ProviderId => id;

    public ProviderManifest Manifest { get; } = new("bench", id, [Capabilities.Chat], 8192, InputCostPer1kTokens: cost, OutputCostPer1kTokens: cost);

    public Task<ProviderResponse> InvokeAsync(string capability, JsonObject input, CancellationToken cancellationToken) => Answer;
}

/// <summary>Ten providers in memory, as the registry's cache would hand them over.</summary>
public sealed class BenchDirectory : IProviderDirectory
{
    private readonly Dictionary<string, RegisteredProvider> _providers = Enumerable.Range(0, 10)
        .Select(i => new InstantProvider($"p{i}", 0.001m * (10 - i)))
        .ToDictionary(p => p.ProviderId, p => new RegisteredProvider(
            p.ProviderId, p, p.Manifest, new Dictionary<string, string> { ["residency"] = p.ProviderId == "p0" ? "us" : "eu" }, ProviderOrigin.Configuration));

    public IReadOnlyList<string> Ids => [.. _providers.Keys];

    public ValueTask<RegisteredProvider?> FindAsync(string tenantId, string providerId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_providers.GetValueOrDefault(providerId));

    public ValueTask<IReadOnlyList<RegisteredProvider>> ListAsync(string tenantId, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<RegisteredProvider>>([.. _providers.Values]);
}
