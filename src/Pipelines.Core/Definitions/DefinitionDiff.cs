using System.Text.Json.Nodes;
using Pipelines.Core.Definitions.Serialization;

namespace Pipelines.Core.Definitions;

/// <summary>A structured diff between two definitions, e.g. two published versions.</summary>
public static class DefinitionDiff
{
    private const string StepsKey = "steps";

    public static DefinitionDiffResult Compare(PipelineDefinition from, PipelineDefinition to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var before = DefinitionJson.ToNode(from);
        var after = DefinitionJson.ToNode(to);
        var beforeSteps = before[StepsKey] as JsonObject ?? [];
        var afterSteps = after[StepsKey] as JsonObject ?? [];
        before.Remove(StepsKey);
        after.Remove(StepsKey);

        var changed = new List<StepChange>();
        foreach (var (id, step) in beforeSteps.Where(s => afterSteps.ContainsKey(s.Key)))
        {
            var changes = new List<FieldChange>();
            CompareNodes(step, afterSteps[id], $"{StepsKey}.{id}", changes);
            if (changes.Count > 0)
            {
                changed.Add(new StepChange(id, changes));
            }
        }

        var fields = new List<FieldChange>();
        CompareNodes(before, after, "", fields);
        return new DefinitionDiffResult(
            [.. afterSteps.Select(s => s.Key).Where(id => !beforeSteps.ContainsKey(id))],
            [.. beforeSteps.Select(s => s.Key).Where(id => !afterSteps.ContainsKey(id))],
            changed,
            fields);
    }

    private static void CompareNodes(JsonNode? before, JsonNode? after, string path, List<FieldChange> changes)
    {
        if (before is JsonObject a && after is JsonObject b)
        {
            foreach (var key in a.Select(p => p.Key).Concat(b.Select(p => p.Key).Where(k => !a.ContainsKey(k))))
            {
                CompareNodes(a[key], b[key], path.Length == 0 ? key : $"{path}.{key}", changes);
            }
        }
        else if (!JsonNode.DeepEquals(before, after))
        {
            changes.Add(new FieldChange(path, before?.ToJsonString(), after?.ToJsonString()));
        }
    }
}
