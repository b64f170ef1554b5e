using System.Text.Json.Nodes;

namespace Pipelines.Engine.Runs;

/// <summary>The only data templates can reach: the run's inputs and its settled steps' outputs.</summary>
public static class RunData
{
    public static JsonObject Of(RunSummary state)
    {
        var steps = new JsonObject();
        foreach (var (id, step) in state.Steps)
        {
            steps[id] = new JsonObject
            {
                ["status"] = step.Status.ToString().ToLowerInvariant(),
                ["output"] = step.OutputJson is null ? null : JsonNode.Parse(step.OutputJson),
            };
        }

        return new JsonObject
        {
            ["inputs"] = JsonNode.Parse(state.InputsJson),
            ["steps"] = steps,
        };
    }
}
