using Pipelines.Core.Definitions;

namespace Pipelines.Core.Graph;

/// <summary>
/// The DAG of a definition's steps, edges from <c>needs</c>. Unknown needs and self-dependencies are left out (the
/// validator reports them); cycles are found and named. Step order ties break by declaration order, so plans are stable.
/// </summary>
public sealed class PipelineGraph
{
    private readonly List<string> _steps;
    private readonly Dictionary<string, IReadOnlyList<string>> _needs;
    private readonly Dictionary<string, List<string>> _dependents;

    private PipelineGraph(List<string> steps, Dictionary<string, IReadOnlyList<string>> needs)
    {
        _steps = steps;
        _needs = needs;
        _dependents = steps.ToDictionary(s => s, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var step in steps)
        {
            foreach (var need in needs[step])
            {
                _dependents[need].Add(step);
            }
        }

        TopologicalOrder = Sort();
        Cycles = FindCycles();
    }

    public IReadOnlyList<string> Steps => _steps;

    /// <summary>Every step after all it needs. Steps on or behind a cycle are missing; see <see cref="Cycles"/>.</summary>
    public IReadOnlyList<string> TopologicalOrder { get; }

    /// <summary>Each cycle as the steps along it, the first repeated at the end: <c>[a, b, c, a]</c> means a needs b needs c needs a.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles { get; }

    public bool HasCycles => Cycles.Count > 0;

    public static PipelineGraph Build(PipelineDefinition definition)
    {
        var steps = definition.Steps.Keys.ToList();
        var needs = definition.Steps.ToDictionary(
            s => s.Key,
            s => (IReadOnlyList<string>)[.. s.Value.Needs.Distinct().Where(n => n != s.Key && definition.Steps.ContainsKey(n))],
            StringComparer.Ordinal);
        return new PipelineGraph(steps, needs);
    }

    /// <summary>Formats a cycle for messages: <c>a -> b -> c -> a</c>.</summary>
    public static string Describe(IReadOnlyList<string> cycle) => string.Join(" -> ", cycle);

    /// <summary>The steps a step needs directly.</summary>
    public IReadOnlyList<string> NeedsOf(string step) => _needs.TryGetValue(step, out var needs) ? needs : [];

    /// <summary>The steps that need this one directly.</summary>
    public IReadOnlyList<string> DependentsOf(string step) => _dependents.TryGetValue(step, out var dependents) ? dependents : [];

    /// <summary>Everything a step transitively needs: the steps whose outputs exist when it runs.</summary>
    public IReadOnlySet<string> UpstreamOf(string step)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(NeedsOf(step));
        while (pending.TryPop(out var current))
        {
            if (seen.Add(current))
            {
                foreach (var need in NeedsOf(current))
                {
                    pending.Push(need);
                }
            }
        }

        return seen;
    }

    /// <summary>Steps not yet finished whose needs are all finished (succeeded or skipped), in declaration order.</summary>
    public IReadOnlyList<string> ReadySteps(IReadOnlySet<string> completedOrSkipped) =>
        [.. _steps.Where(s => !completedOrSkipped.Contains(s) && NeedsOf(s).All(completedOrSkipped.Contains))];

    // Kahn's algorithm, always taking the earliest declared ready step.
    private List<string> Sort()
    {
        var remaining = _steps.ToDictionary(s => s, s => NeedsOf(s).Count, StringComparer.Ordinal);
        var order = new List<string>(_steps.Count);
        var ready = new SortedSet<int>(_steps.Select((s, i) => (s, i)).Where(p => remaining[p.s] == 0).Select(p => p.i));
        var index = _steps.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i, StringComparer.Ordinal);
        while (ready.Count > 0)
        {
            var next = _steps[ready.Min];
            ready.Remove(ready.Min);
            order.Add(next);
            foreach (var dependent in DependentsOf(next))
            {
                if (--remaining[dependent] == 0)
                {
                    ready.Add(index[dependent]);
                }
            }
        }

        return order;
    }

    // One cycle per strongly connected component that is not acyclic, walked from its earliest declared step.
    private List<IReadOnlyList<string>> FindCycles()
    {
        var sorted = TopologicalOrder.ToHashSet(StringComparer.Ordinal);
        var covered = new HashSet<string>(StringComparer.Ordinal);
        var cycles = new List<IReadOnlyList<string>>();
        foreach (var start in _steps.Where(s => !sorted.Contains(s) && !covered.Contains(s)))
        {
            if (FindPathBack(start, sorted) is { } cycle)
            {
                covered.UnionWith(cycle);
                cycles.Add(cycle);
            }
        }

        return cycles;
    }

    /// <summary>The shortest walk along needs from <paramref name="start"/> back to itself, if any.</summary>
    private List<string>? FindPathBack(string start, HashSet<string> acyclic)
    {
        var previous = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>([start]);
        while (queue.TryDequeue(out var current))
        {
            foreach (var need in NeedsOf(current).Where(n => !acyclic.Contains(n)))
            {
                if (need == start)
                {
                    var path = new List<string> { start };
                    for (var at = current; at != start; at = previous[at])
                    {
                        path.Insert(1, at);
                    }

                    path.Add(start);
                    return path;
                }

                if (previous.TryAdd(need, current))
                {
                    queue.Enqueue(need);
                }
            }
        }

        return null;
    }
}
