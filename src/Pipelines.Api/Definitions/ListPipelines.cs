using Pipelines.Api.Endpoints;
using Pipelines.Engine.Definitions;

namespace Pipelines.Api.Definitions;

public static class ListPipelines
{
    public static async Task<Results<Ok<PagedResult<PipelineSummary>>, ValidationProblem>> HandleAsync(
        DefinitionQueries queries,
        CancellationToken cancellationToken,
        string? q = null,
        PipelineStatus? status = null,
        int page = 1,
        int pageSize = 20)
    {
        var errors = Paging.Validate(page, pageSize);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var found = await queries.ListAsync(q, status, page, pageSize, cancellationToken);
        return TypedResults.Ok(new PagedResult<PipelineSummary>(
            [.. found.Items.Select(PipelineSummary.From)], found.Page, found.PageSize, found.Total));
    }
}
