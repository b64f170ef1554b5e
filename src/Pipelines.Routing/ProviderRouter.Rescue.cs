using Pipelines.Connectors;
using Pipelines.Routing.Policies;

namespace Pipelines.Routing;

/// <summary>Continuing a committed stream that broke (stream rescue).</summary>
public sealed partial class ProviderRouter
{
    /// <summary>
    /// Continues an answer whose stream broke after <paramref name="delivered"/> reached the caller, so the caller sees one
    /// seamless answer: the same provider (with the policy's retries), then (when the policy swaps on the failure) the providers after it,
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
            metrics.Swap(failed.Id, candidate.Id, cause.Outcome);
            foreach (var prefill in new[] { true, false })
            {
                using var call = Begin(request.Continued(delivered, prefill));
                if (ProviderCaller.Streams(candidate, call.Request) is null)
                {
                    break;
                }

                var (start, failure) = await OpenOnProviderAsync(candidate, call, attempts, cancellationToken);
                if (start is not null)
                {
                    return start;
                }

                if (failure is null)
                {
                    break; // not admitted
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
