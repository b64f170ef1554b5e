using System.Diagnostics;
using Pipelines.Connectors;
using Pipelines.Routing;

namespace Pipelines.Engine.Providers;

/// <summary>
/// Executes a capability step on the providers the step lists, in order, moving to the next one when a provider is
/// unavailable, slow or rate-limited. Faults of the request itself (invalid request, auth) never move on: another
/// provider would fail the same way. Every call is reported, so the run shows each swap and its reason.
/// </summary>
public sealed class ProviderStepExecutor(string capability, IProviderDirectory directory) : IStepExecutor
{
    private static readonly HashSet<OutcomeClass> SwapOn =
        [OutcomeClass.Unavailable, OutcomeClass.Timeout, OutcomeClass.RateLimited, OutcomeClass.Stalled];

    public string Capability => capability;

    public async Task<StepResult> ExecuteAsync(StepRequest request, CancellationToken cancellationToken)
    {
        var calls = new List<ProviderAttempt>();
        ConnectorException? last = null;
        foreach (var providerId in request.Providers)
        {
            var provider = (await directory.FindAsync(request.TenantId, providerId, cancellationToken))?.Connector;
            if (provider is null || !provider.Manifest.Serves(capability))
            {
                calls.Add(new ProviderAttempt(providerId, OutcomeClass.Unavailable, 0, $"Provider '{providerId}' is not configured for '{capability}'."));
                continue;
            }

            var watch = Stopwatch.StartNew();
            try
            {
                var response = await provider.InvokeAsync(capability, request.Input, cancellationToken);
                calls.Add(new ProviderAttempt(providerId, OutcomeClass.Ok, watch.Elapsed.TotalMilliseconds));
                return new StepResult(response.Output, calls);
            }
            catch (ConnectorException failure) when (!cancellationToken.IsCancellationRequested)
            {
                calls.Add(new ProviderAttempt(providerId, failure.Outcome, watch.Elapsed.TotalMilliseconds, failure.Message));
                last = failure;
                if (!SwapOn.Contains(failure.Outcome))
                {
                    break;
                }
            }
        }

        throw new StepExecutionException(
            last?.Outcome ?? OutcomeClass.Unavailable,
            last?.Message ?? $"None of the providers [{string.Join(", ", request.Providers)}] can serve '{capability}'.",
            calls);
    }
}
