using System.Security.Claims;
using Pipelines.Api.Auth;
using Pipelines.Api.Errors;
using Pipelines.Routing;
using Pipelines.Routing.Health;

namespace Pipelines.Api.Routing;

public static class GetProviderHealth
{
    /// <summary>
    /// Health as this process sees it: its own calls' statistics and the circuit state shared by every process. Refusals
    /// are shown only for the caller's tenant's scopes.
    /// </summary>
    public sealed record ProviderHealthView(string Id, double Score, CircuitView Circuit, IReadOnlyList<CapabilityHealth> Capabilities, IReadOnlyList<RecentFailure> RecentFailures, IReadOnlyDictionary<string, double> RefusalsByScope);

    public static async Task<Results<Ok<ProviderHealthView>, ProblemHttpResult>> Handle(
        string id, ClaimsPrincipal user, IProviderDirectory directory, HealthRegistry health, CancellationToken cancellationToken)
    {
        var tenant = user.TenantId();
        if (await directory.FindAsync(tenant, id, cancellationToken) is not { } provider)
        {
            return ApiProblems.NotFound($"No provider '{id}' is registered.");
        }

        var snapshot = health.Snapshot(provider.HealthKey(tenant));
        return TypedResults.Ok(new ProviderHealthView(provider.Id, snapshot.Score, snapshot.Circuit, snapshot.Capabilities, snapshot.RecentFailures, RefusalScopes.Of(tenant, snapshot.RefusalsByScope)));
    }
}
