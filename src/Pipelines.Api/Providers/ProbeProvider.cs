using System.Security.Claims;
using Pipelines.Api.Auth;
using Pipelines.Api.Errors;
using Pipelines.Engine.Egress;
using Pipelines.Engine.Providers;

namespace Pipelines.Api.Providers;

public static class ProbeProvider
{
    /// <summary>
    /// <see cref="Ok"/>: every capability answered; otherwise <see cref="Results"/> says which failed and how, and
    /// <see cref="Problem"/> why a stored provider cannot even be built.
    /// </summary>
    public sealed record ProbeResponse(string Id, bool Ok, IReadOnlyList<ProbeResult> Results, string? Problem);

    /// <summary>A real minimal call per capability; a failing provider is a 200 whose results say how it failed.</summary>
    public static async Task<Results<Ok<ProbeResponse>, ProblemHttpResult>> HandleAsync(
        string id, ClaimsPrincipal user, ProviderDirectory directory, EgressPolicy egress, CancellationToken cancellationToken)
    {
        var entry = await directory.FindEntryAsync(user.TenantId(), id, cancellationToken);
        if (entry is null)
        {
            return ApiProblems.NotFound($"No provider '{id}'.");
        }

        if (entry.Provider is not { } provider)
        {
            return TypedResults.Ok(new ProbeResponse(id, false, [], entry.Problem));
        }

        // A tenant's endpoint is checked again: the name may resolve elsewhere now than when it was accepted.
        if (entry.Origin == Pipelines.Routing.ProviderOrigin.Tenant && entry.Document?.Endpoint is { } endpoint
            && await egress.RefusalAsync(new Uri(endpoint), cancellationToken) is { } refusal)
        {
            return TypedResults.Ok(new ProbeResponse(id, false, [], refusal));
        }

        var results = await ProviderProbe.ProbeAsync(provider, cancellationToken);
        return TypedResults.Ok(new ProbeResponse(id, results.All(r => r.Outcome == Pipelines.Connectors.OutcomeClass.Ok), results, null));
    }
}
