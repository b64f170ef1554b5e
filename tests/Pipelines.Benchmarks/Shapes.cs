namespace Pipelines.Benchmarks;

/// <summary>The two measured pipelines: a 10-step chain and a 1→8→1 fan-out, all 0 ms transform steps.</summary>
public static class Shapes
{
    public sealed record Shape(string Id, string Yaml, int Steps, int CriticalPath);

    public static Shape Chain { get; } = new("bench-chain", ChainYaml(), 10, 10);

    public static Shape FanOut { get; } = new("bench-fan", FanOutYaml(), 10, 3);

    private static string ChainYaml()
    {
        var steps = string.Join("\n", Enumerable.Range(1, 10).Select(i => i == 1
            ? "  s1:\n    uses: transform\n    with: { v: \"{{ inputs.n }}\" }"
            : $"  s{i}:\n    uses: transform\n    needs: [s{i - 1}]\n    with: {{ v: \"{{{{ steps.s{i - 1}.output.v }}}}\" }}"));
        return Header("bench-chain") + steps + "\noutputs:\n  v: \"{{ steps.s10.output.v }}\"\n";
    }

    private static string FanOutYaml()
    {
        var branches = string.Join("\n", Enumerable.Range(1, 8).Select(i =>
            $"  b{i}:\n    uses: transform\n    needs: [start]\n    with: {{ v: \"{{{{ steps.start.output.v }}}}\" }}"));
        var needs = string.Join(", ", Enumerable.Range(1, 8).Select(i => $"b{i}"));
        return Header("bench-fan")
            + "  start:\n    uses: transform\n    with: { v: \"{{ inputs.n }}\" }\n"
            + branches
            + $"\n  join:\n    uses: transform\n    needs: [{needs}]\n    with: {{ v: \"{{{{ steps.b8.output.v }}}}\" }}\noutputs:\n  v: \"{{{{ steps.join.output.v }}}}\"\n";
    }

    private static string Header(string id) =>
        $"apiVersion: pipelines/v1\nkind: Pipeline\nid: {id}\ntitle: Benchmark {id}\ninputs:\n  n: {{ type: integer }}\nsteps:\n";
}
