using Pipelines.Api.Endpoints;
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
        var errors = Paging.Validate(page, pageSize);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var found = await queries.ListAsync(pipelineId, status, page, pageSize, cancellationToken);
        return TypedResults.Ok(new PagedResult<RunListItem>([.. found.Items.Select(RunListItem.From)], found.Page, found.PageSize, found.Total));
    }
}
