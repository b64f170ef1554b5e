using Pipelines.Engine.Definitions;
using Pipelines.Engine.Runs;

namespace Pipelines.Api.Runs;

public static class ListRunsEndpoint
{
    public static async Task<Results<Ok<PagedResult<RunListItem>>, ValidationProblem>> HandleAsync(
        RunQueries queries,
        CancellationToken cancellationToken,
        string? pipelineId = null,
        RunStatus? status = null,
        int page = 1,
        int pageSize = 20)
    {
        if (page < 1 || pageSize is < 1 or > DefinitionQueries.MaxPageSize)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [page < 1 ? "page" : "pageSize"] = [$"page ≥ 1 and 1 ≤ pageSize ≤ {DefinitionQueries.MaxPageSize}."],
            });
        }

        var found = await queries.ListAsync(pipelineId, status, page, pageSize, cancellationToken);
        return TypedResults.Ok(new PagedResult<RunListItem>([.. found.Items.Select(RunListItem.From)], found.Page, found.PageSize, found.Total));
    }
}
