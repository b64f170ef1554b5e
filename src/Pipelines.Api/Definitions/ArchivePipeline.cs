using Pipelines.Engine.Definitions;

namespace Pipelines.Api.Definitions;

public static class ArchivePipeline
{
    /// <summary>Archives rather than deletes: published versions stay runnable by runs that already name them.</summary>
    public static async Task<Results<Ok<PipelineView>, ProblemHttpResult>> HandleAsync(
        string id, DefinitionCommands commands, CancellationToken cancellationToken)
    {
        var outcome = await commands.ArchiveAsync(id, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(PipelineView.From(outcome.Value!)) : DefinitionProblems.From(outcome);
    }
}
