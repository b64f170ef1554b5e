using System.Diagnostics;
using Pipelines.Connectors;
using Pipelines.Routing;

namespace Pipelines.Engine.Providers;

/// <summary>One capability's probe: its outcome class (null when there is no probe for it), latency and the provider's reason.</summary>
public sealed record ProbeResult(string Capability, OutcomeClass? Outcome, double LatencyMs, string? Error);

/// <summary>
/// Checks a provider with a real, minimal call per capability it serves (chat "ping" limited to one token, embed
/// "ping", classify "ping" between two labels). A failing provider is an answer, never an error.
/// </summary>
public static class ProviderProbe
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public static async Task<IReadOnlyList<ProbeResult>> ProbeAsync(RegisteredProvider provider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var results = new List<ProbeResult>();
        foreach (var capability in provider.Manifest.Capabilities)
        {
            results.Add(await ProbeAsync(provider.Connector, capability, cancellationToken));
        }

        return results;
    }

    private static async Task<ProbeResult> ProbeAsync(IProviderConnector connector, string capability, CancellationToken cancellationToken)
    {
        var input = CapabilityProbes.InputFor(capability);
        if (input is null)
        {
            return new ProbeResult(capability, null, 0, $"No probe is defined for '{capability}'.");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        var watch = Stopwatch.StartNew();
        try
        {
            await connector.InvokeAsync(capability, input, deadline.Token);
            return new ProbeResult(capability, OutcomeClass.Ok, watch.Elapsed.TotalMilliseconds, null);
        }
        catch (ConnectorException failure) when (!cancellationToken.IsCancellationRequested)
        {
            var outcome = failure.Outcome == OutcomeClass.Cancelled && deadline.IsCancellationRequested ? OutcomeClass.Timeout : failure.Outcome;
            return new ProbeResult(capability, outcome, watch.Elapsed.TotalMilliseconds, failure.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProbeResult(capability, OutcomeClass.Timeout, watch.Elapsed.TotalMilliseconds, $"No answer within {Timeout.TotalSeconds} s.");
        }
        catch (Exception unexpected) when (!cancellationToken.IsCancellationRequested && unexpected is not OperationCanceledException)
        {
            // A connector that breaks its contract: report the type only, a message may hold anything.
            return new ProbeResult(capability, OutcomeClass.Unavailable, watch.Elapsed.TotalMilliseconds, $"The connector failed ({unexpected.GetType().Name}).");
        }
    }
}
