using Pipelines.Api.Errors;
using Pipelines.Engine.Runs;

namespace Pipelines.Api.Runs;

public static class GetRunEndpoint
{
    public static async Task<Results<Ok<RunView>, ProblemHttpResult>> HandleAsync(
        string id, RunQueries queries, CancellationToken cancellationToken) =>
        await queries.GetAsync(id, cancellationToken) is { } run
            ? TypedResults.Ok(RunView.From(run))
            : ApiProblems.NotFound($"No run '{id}'.");
}
