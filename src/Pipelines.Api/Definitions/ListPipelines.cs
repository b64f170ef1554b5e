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
        var errors = new Dictionary<string, string[]>();
        if (page < 1)
        {
            errors["page"] = ["Must be 1 or more."];
        }

        if (pageSize is < 1 or > DefinitionQueries.MaxPageSize)
        {
            errors["pageSize"] = [$"Must be between 1 and {DefinitionQueries.MaxPageSize}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var found = await queries.ListAsync(q, status, page, pageSize, cancellationToken);
        return TypedResults.Ok(new PagedResult<PipelineSummary>(
            [.. found.Items.Select(PipelineSummary.From)], found.Page, found.PageSize, found.Total));
    }
}
