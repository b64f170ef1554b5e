using Pipelines.Api.Errors;
using System.Security.Claims;
using Pipelines.Api.Auth;
using Pipelines.Engine.Runs;

namespace Pipelines.Api.Runs;

public static class CancelRunEndpoint
{
    public sealed record Request(string? Reason);

    /// <summary>Cancels a running run (no new steps start; running ones are told to stop). Cancelling an ended run changes nothing.</summary>
    public static async Task<Results<Ok<RunView>, ProblemHttpResult>> HandleAsync(
        string id, Request? request, ClaimsPrincipal user, RunStreams runs, CancellationToken cancellationToken)
    {
        var by = user.KeyId();
        var state = await runs.DecideAsync(
            user.TenantId(), id, (_, run, now) => RunPlanner.Cancel(run, request?.Reason ?? "Cancelled by request.", by, now), cancellationToken);
        return state is null ? ApiProblems.NotFound($"No run '{id}'.") : TypedResults.Ok(RunView.From(state));
    }
}
