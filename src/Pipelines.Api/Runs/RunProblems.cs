namespace Pipelines.Api.Runs;

public static class RunProblems
{
    public static ProblemHttpResult NotFound(string runId) =>
        Definitions.DefinitionProblems.NotFound($"No run '{runId}'.");
}
