using Pipelines.Api.Auth;
using Pipelines.Api.Errors;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Pipelines.Core.Definitions;
using Pipelines.Engine.Runs;

namespace Pipelines.Api.Runs;

public static class StartRunEndpoint
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    public sealed record Request(string? PipelineId, int? Version, JsonObject? Inputs, string? IdempotencyKey, string? Deadline);

    /// <summary>
    /// 202 with Location once the run is durably started. With <c>?wait=30s</c>, 200 with the finished run if it ends in
    /// time, else 202. A repeated idempotency key answers with the run it started the first time.
    /// </summary>
    public static async Task<Results<Ok<RunView>, Accepted<RunView>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Request request,
        ClaimsPrincipal user,
        RunCommands commands,
        RunQueries queries,
        CancellationToken cancellationToken,
        string? wait = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.PipelineId))
        {
            errors["pipelineId"] = ["Required."];
        }

        if (request.Version is < 1)
        {
            errors["version"] = ["Must be 1 or more."];
        }

        if (request.IdempotencyKey is { Length: 0 or > 200 })
        {
            errors["idempotencyKey"] = ["Between 1 and 200 characters."];
        }

        var deadline = ParseDuration(request.Deadline, "deadline", TimeSpan.FromDays(7), errors);
        var waitFor = ParseDuration(wait, "wait", MaxWait, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var outcome = await commands.StartAsync(
            new StartRun(request.PipelineId!, request.Version, request.Inputs, request.IdempotencyKey, deadline),
            user.KeyId(),
            cancellationToken);
        if (outcome.Run is not { } run)
        {
            return Problem(outcome);
        }

        if (waitFor is { } limit && !run.Status.IsTerminal())
        {
            run = await RunWaiter.WaitAsync(queries, run.Id, limit, cancellationToken) ?? run;
        }

        var location = $"/api/v1/runs/{run.Id}";
        return run.Status.IsTerminal() && waitFor is not null
            ? TypedResults.Ok(RunView.From(run))
            : TypedResults.Accepted(location, RunView.From(run));
    }

    private static ProblemHttpResult Problem(StartRunOutcome outcome)
    {
        var (status, title) = outcome.Failure switch
        {
            StartRunFailure.PipelineNotFound or StartRunFailure.VersionNotFound => (StatusCodes.Status404NotFound, "Pipeline or version not found"),
            StartRunFailure.Archived or StartRunFailure.NotPublished => (StatusCodes.Status409Conflict, "Pipeline cannot run"),
            _ => (StatusCodes.Status422UnprocessableEntity, "Invalid inputs"),
        };
        return ApiProblems.Problem(status, title, outcome.Detail, outcome.Diagnostics);
    }

    private static TimeSpan? ParseDuration(string? text, string field, TimeSpan max, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (!Duration.TryParse(text, out var value) || value <= TimeSpan.Zero || value > max)
        {
            errors[field] = [$"A duration such as 500ms, 30s or 2m, at most {max.TotalSeconds:0} s."];
            return null;
        }

        return value;
    }
}
