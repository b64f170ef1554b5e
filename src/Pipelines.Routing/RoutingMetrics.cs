using System.Diagnostics;
using System.Diagnostics.Metrics;
using Pipelines.Connectors;

namespace Pipelines.Routing;

/// <summary>OpenTelemetry-ready instruments under the meter <c>Pipelines.Routing</c>.</summary>
public sealed class RoutingMetrics : IDisposable
{
    public const string MeterName = "Pipelines.Routing";
    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _attempts;
    private readonly Counter<long> _swaps;
    private readonly Counter<long> _retries;
    private readonly Histogram<double> _latency;

    public RoutingMetrics()
    {
        _attempts = _meter.CreateCounter<long>("pipelines.provider.attempts", description: "Provider calls by outcome class");
        _swaps = _meter.CreateCounter<long>("pipelines.provider.swaps", description: "Moves from one provider to the next, by reason");
        _retries = _meter.CreateCounter<long>("pipelines.provider.retries", description: "Further calls to the same provider after a transient failure, by reason");
        _latency = _meter.CreateHistogram<double>("pipelines.provider.latency", "ms", "Latency of provider calls");
    }

    public void Attempt(string provider, string capability, OutcomeClass outcome, double latencyMs)
    {
        var tags = new TagList { { "provider", provider }, { "capability", capability }, { "outcome", outcome.ToString() } };
        _attempts.Add(1, tags);
        _latency.Record(latencyMs, tags);
    }

    public void Swap(string from, string to, OutcomeClass reason) =>
        _swaps.Add(1, new TagList { { "from", from }, { "to", to }, { "reason", reason.ToString() } });

    public void Retry(string provider, OutcomeClass reason) =>
        _retries.Add(1, new TagList { { "provider", provider }, { "reason", reason.ToString() } });

    public void Dispose() => _meter.Dispose();
}
