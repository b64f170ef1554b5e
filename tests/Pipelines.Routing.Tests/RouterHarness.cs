using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Pipelines.Connectors;
using Pipelines.Core.Definitions;
using Pipelines.Routing.Health;

namespace Pipelines.Routing.Tests;

/// <summary>
/// A router over in-memory providers with a clock the test moves. Without options it makes no retries (a retry waits
/// on the clock, which only the test moves); retry tests set their own.
/// </summary>
public sealed class RouterHarness : IProviderDirectory, IDisposable
{
    public const string Tenant = "t1";
    private readonly Dictionary<string, RegisteredProvider> _providers = new(StringComparer.Ordinal);
    private readonly RoutingMetrics _metrics = new();

    public RouterHarness(RoutingOptions? options = null, TimeProvider? clock = null)
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
        var opts = Options.Create(options ?? new RoutingOptions { Retries = 0 });
        var time = clock ?? Clock;
        Health = new HealthRegistry(opts, time);
        Targets = new ProbeTargets();
        Caller = new ProviderCaller(Health, Targets, _metrics, opts, time);
        Router = new ProviderRouter(this, Health, Caller, new RetryBudget(opts), _metrics, opts, time);
    }

    public FakeTimeProvider Clock { get; }

    public HealthRegistry Health { get; }

    public ProbeTargets Targets { get; }

    public ProviderCaller Caller { get; }

    public ProviderRouter Router { get; }

    public RouterHarness Add(RegisteredProvider provider)
    {
        _providers[provider.Id] = provider;
        return this;
    }

    public RouterHarness Add(IProviderConnector connector, IReadOnlyDictionary<string, string>? tags = null) =>
        Add(new RegisteredProvider(connector.ProviderId, connector, connector.Manifest, tags ?? new Dictionary<string, string>(), ProviderOrigin.Configuration));

    public static RouteRequest Chat(IReadOnlyList<string> providers, RoutingPolicy? policy = null, StepConstraints? constraints = null) =>
        new(Tenant, Capabilities.Chat, new JsonObject { ["prompt"] = "hello" }, providers, policy, constraints, "pipeline/step");

    public Task<RouteResult> RouteAsync(IReadOnlyList<string> providers, RoutingPolicy? policy = null, StepConstraints? constraints = null) =>
        Router.ExecuteAsync(Chat(providers, policy, constraints), CancellationToken.None);

    public ValueTask<RegisteredProvider?> FindAsync(string tenantId, string providerId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_providers.GetValueOrDefault(providerId));

    public ValueTask<IReadOnlyList<RegisteredProvider>> ListAsync(string tenantId, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<RegisteredProvider>>([.. _providers.Values]);

    public void Dispose() => _metrics.Dispose();
}
