using Pipelines.Engine.Providers;

namespace Pipelines.Api.Providers;

public static class DeleteProvider
{
    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        string id, ProviderCommands commands, CancellationToken cancellationToken)
    {
        var outcome = await commands.DeleteAsync(id, cancellationToken);
        return outcome.Succeeded ? TypedResults.NoContent() : ProviderProblems.From(outcome);
    }
}
