using Pipelines.Core.Graph;

namespace Pipelines.Core.Definitions.Validation;

/// <summary>Cycles in <c>needs</c>, each reported once at the need that closes it from its first declared step.</summary>
internal static class GraphRules
{
    public static void Check(RuleContext context)
    {
        foreach (var cycle in context.Graph.Cycles)
        {
            var first = cycle[0];
            var index = IndexOf(context.Definition.Steps[first].Needs, cycle[1]);
            var pointer = JsonPointer.Append(JsonPointer.Append(JsonPointer.Append("/steps", first), "needs"), index);
            context.Sink.Report(DiagnosticCodes.Cycle, pointer, $"Cycle: {PipelineGraph.Describe(cycle)}.");
        }
    }

    private static int IndexOf(IReadOnlyList<string> needs, string step)
    {
        for (var i = 0; i < needs.Count; i++)
        {
            if (needs[i] == step)
            {
                return i;
            }
        }

        return 0;
    }
}
