using System.Diagnostics;
using Pipelines.Connectors;
using Pipelines.Routing.Policies;

namespace Pipelines.Routing;

/// <summary>Starting a provider's stream, and continuing a committed stream that broke (stream rescue).</summary>
public sealed partial class ProviderRouter
{
    /// <summary>
    /// Opens a stream and waits for its first chunk within the first-token limit; on failure the call is recorded in
    /// <paramref name="attempts"/> (and health) and the failure returned.
    /// </summary>
    private async Task<(StreamStart? Start, ConnectorException? Failure)> StartStreamAsync(
        RegisteredProvider candidate, RouteRequest request, Func<CancellationToken, IAsyncEnumerable<StreamChunk>> open, bool probe,
        List<ProviderAttempt> attempts, CancellationToken cancellationToken)
    {
        var startedAt = clock.GetUtcNow();
        var watch = Stopwatch.StartNew();
        var stream = new StreamWatchdog(open, cancellationToken);
        try
        {
            var first = await stream.NextAsync(options.Value.TimeToFirstToken, "no first token")
                ?? throw new ConnectorException(OutcomeClass.Unavailable, $"{candidate.Id}: the stream ended before any token.");
            return (new StreamStart(stream, first, candidate, watch, startedAt, probe), null);
        }
        catch (ConnectorException failure)
        {
            await stream.DisposeAsync();
            cancellationToken.ThrowIfCancellationRequested();
            attempts.Add(caller.Observe(candidate, request, failure, watch.Elapsed.TotalMilliseconds, null, probe, startedAt));
            return (null, failure);
        }
    }

    /// <summary>
    /// Continues an answer whose stream broke after <paramref name="delivered"/> reached the caller, so the caller sees one
    /// seamless answer: the same provider once more, then (when the policy swaps on the failure) the providers after it,
    /// each asked to continue the delivered text as an assistant prefill; where a provider refuses the prefill, it is
    /// asked again without it, and its answer is used only if it starts with exactly the delivered text, which is not
    /// relayed twice. Each provider continues a stream at most once (<paramref name="continuers"/>), so one that keeps
    /// breaking cannot loop. Tool calls and several choices cannot be continued as text. Null when no provider could.
    /// </summary>
    private async Task<StreamStart?> ContinueStreamAsync(
        RouteRequest request, RoutePlan plan, RegisteredProvider failed, ConnectorException cause, string delivered,
        List<ProviderAttempt> attempts, HashSet<string> continuers, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested
            || request.Constraints?.Features.Any(f => f is ProviderFeatures.Tools or ProviderFeatures.MultipleChoices) == true)
        {
            return null;
        }

        var swaps = SwapRules.Swaps(cause.Outcome, SwapRules.For(request.Policy));
        var others = swaps ? plan.Candidates.SkipWhile(c => c != failed).Skip(1) : [];
        foreach (var candidate in others.Prepend(failed).Where(c => continuers.Add(c.Id)))
        {
            var admission = Admit(candidate, request, attempts);
            if (!admission.Allowed)
            {
                continue;
            }

            metrics.Swap(failed.Id, candidate.Id, cause.Outcome);
            foreach (var prefill in new[] { true, false })
            {
                var continued = request.Continued(delivered, prefill);
                if (ProviderCaller.Streams(candidate, continued) is not { } open)
                {
                    break;
                }

                var (start, failure) = await StartStreamAsync(candidate, continued, open, admission.Probe, attempts, cancellationToken);
                if (start is not null)
                {
                    return start;
                }

                // Only a refused prefill is worth asking again, without it.
                if (failure!.Outcome != OutcomeClass.InvalidRequest)
                {
                    break;
                }
            }
        }

        return null;
    }
}
