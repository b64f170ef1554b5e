using Pipelines.Api.Auth;

namespace Pipelines.Api.Runs;

public static class RunsEndpoints
{
    public static RouteGroupBuilder MapRuns(this RouteGroupBuilder api)
    {
        var runs = api.MapGroup("/runs").WithTags("Runs");

        runs.MapPost("/", StartRunEndpoint.HandleAsync)
            .WithName("StartRun").WithSummary("Start a run of a published version (?wait=30s to wait for the result)")
            .RequireAuthorization(Policies.Operator)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        runs.MapGet("/", ListRunsEndpoint.HandleAsync)
            .WithName("ListRuns").WithSummary("List runs, newest first, filtered by pipeline and status");

        runs.MapGet("/{id}", GetRunEndpoint.HandleAsync)
            .WithName("GetRun").WithSummary("A run with per-step status, attempts, outputs, errors and timings")
            .ProducesProblem(StatusCodes.Status404NotFound);

        runs.MapGet("/{id}/events", RunEventsEndpoint.HandleAsync)
            .WithName("GetRunEvents").WithSummary("The run's timeline (Accept: text/event-stream to follow it live)")
            .Produces<string>(StatusCodes.Status200OK, RunEventsEndpoint.EventStream)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status429TooManyRequests);

        runs.MapPost("/{id}/cancel", CancelRunEndpoint.HandleAsync)
            .WithName("CancelRun").WithSummary("Cancel a run")
            .RequireAuthorization(Policies.Operator)
            .ProducesProblem(StatusCodes.Status404NotFound);

        runs.MapPost("/{id}/signals/{name}", SignalRunEndpoint.HandleAsync)
            .WithName("SignalRun").WithSummary("Send a signal (e.g. an approval) to a waiting step")
            .RequireAuthorization(Policies.Operator)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

        return api;
    }
}
