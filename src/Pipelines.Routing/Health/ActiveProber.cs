using System.Text.Json.Nodes;
using Pipelines.Connectors;

namespace Pipelines.Routing.Health;

/// <summary>
/// Probes open circuits whose break is over when no real call comes to test them, so a recovered provider is back in
/// rotation without a user's request paying for the discovery, and a still-broken one costs one small call per break.
/// </summary>
public sealed class ActiveProber(HealthRegistry health, ProbeTargets targets, ProviderCaller caller)
{
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    public async Task ProbeDueAsync(CancellationToken cancellationToken)
    {
        var probes = new List<Task>();
        foreach (var key in health.DueForActiveProbe())
        {
            if (targets.Find(key) is { } target && health.Admit(key) is { Allowed: true, Probe: true })
            {
                probes.Add(ProbeAsync(target, cancellationToken));
            }
        }

        await Task.WhenAll(probes);
    }

    /// <summary>The smallest real call for a capability.</summary>
    public static JsonObject MinimalInput(string capability) => capability switch
    {
        Capabilities.Chat => new JsonObject { ["prompt"] = "ping", ["maxTokens"] = 1 },
        Capabilities.Classify => new JsonObject { ["text"] = "ping", ["labels"] = new JsonArray("a", "b") },
        _ => new JsonObject { ["input"] = "ping" },
    };

    private async Task ProbeAsync(ProbeTarget target, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        var request = new RouteRequest(target.TenantId, target.Capability, MinimalInput(target.Capability), [target.Provider.Id]);
        await caller.CallAsync(target.Provider, request, probe: true, timeout.Token);
    }
}
