using Pipelines.Api.Errors;
using System.Security.Claims;
using Pipelines.Api.Auth;
using System.Text.Json.Nodes;
using Pipelines.Engine.Runs;

namespace Pipelines.Api.Runs;

public static class SignalRunEndpoint
{
    /// <summary>
    /// Delivers a signal (an approval step waits for one named after the step) with a payload such as
    /// <c>{"approved": true, "comment": "ok"}</c>. 409 when no step of the run is waiting for it. The decision must be
    /// an explicit JSON boolean (422 otherwise): an empty body, <c>{}</c>, <c>"false"</c>, 0 or null never approve.
    /// </summary>
    public static async Task<Results<Ok<RunView>, ProblemHttpResult>> HandleAsync(
        string id, string name, JsonObject? payload, ClaimsPrincipal user, RunStreams runs, CancellationToken cancellationToken)
    {
        if (payload?["approved"] is not JsonValue decision
            || decision.GetValueKind() is not (System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False))
        {
            return TypedResults.Problem(new HttpValidationProblemDetails(
                new Dictionary<string, string[]> { ["approved"] = ["Required: the decision as a JSON boolean, true or false."] })
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = "A signal needs an explicit decision",
            });
        }

        var by = user.KeyId();
        var accepted = false;
        var state = await runs.DecideAsync(
            user.TenantId(),
            id,
            (definition, run, now) =>
            {
                var events = RunPlanner.Signal(definition, run, name, payload, by, now);
                accepted = events.Count > 0;
                return events;
            },
            cancellationToken);
        if (state is null)
        {
            return ApiProblems.NotFound($"No run '{id}'.");
        }

        return accepted
            ? TypedResults.Ok(RunView.From(state))
            : ApiProblems.Problem(
                StatusCodes.Status409Conflict, "Nothing is waiting for this signal", $"No step of run '{id}' is waiting for signal '{name}'.");
    }
}
