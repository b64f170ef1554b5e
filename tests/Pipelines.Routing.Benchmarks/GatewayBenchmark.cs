using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pipelines.Testing;

namespace Pipelines.Routing.Benchmarks;

/// <summary>
/// The gateway side by side in one run: the sandbox called directly, through our service's /v1 gateway, and through the
/// Portkey gateway, under a closed-loop load of 1 and 32 clients, streamed and not; writes the <c>gateway</c> section.
/// </summary>
public static class GatewayBenchmark
{
    private const string Key = "pk_bench_gateway";
    private static readonly int[] Clients = [1, 32];
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static async Task RunAsync(string output, GatewayBenchmarkSettings settings)
    {
        var portkeyDirectory = Environment.GetEnvironmentVariable("PORTKEY_GATEWAY_DIR")
            ?? throw new InvalidOperationException("PORTKEY_GATEWAY_DIR is not set: run deploy/local/bench.sh gateway.");
        var loadBefore = LoadAverage();
        var started = DateTime.UtcNow;
        // Quiet: a console line per request would cost the sandbox (and so every path) more than it answers in.
        await using var sandbox = await SandboxServer.StartAsync("--Logging:LogLevel:Default=Warning");
        var database = await TestPostgres.CreateDatabaseAsync();
        var cells = new List<Cell>();
        try
        {
            await using var service = await ServiceProcess.StartAsync("api", new Dictionary<string, string>
            {
                ["ConnectionStrings__Postgres"] = database,
                ["Pipelines__AdminKey"] = Key,
                ["Pipelines__Providers__OpenAI__Providers__bench__Endpoint"] = sandbox.OpenAiEndpoint.ToString(),
                ["Pipelines__Providers__OpenAI__Providers__bench__Model"] = "bench",
                ["Pipelines__Gateway__Routes__bench__Providers__0"] = "bench",
                ["Logging__LogLevel__Default"] = "Warning",
            });
            await using var portkey = await PortkeyGateway.StartAsync(portkeyDirectory);
            using var direct = new ChatPath("direct to the sandbox", new Uri(sandbox.OpenAiEndpoint + "/chat/completions"), new Dictionary<string, string>());
            using var pipelines = new ChatPath("through Pipelines", new Uri(service.Address, "/v1/chat/completions"), new Dictionary<string, string>
            {
                ["Authorization"] = "Bearer " + Key,
            });
            using var portkeyPath = new ChatPath("through Portkey", new Uri(portkey.Address, "/v1/chat/completions"), new Dictionary<string, string>
            {
                ["Authorization"] = "Bearer sk-bench",
                ["x-portkey-provider"] = "openai",
                ["x-portkey-custom-host"] = sandbox.OpenAiEndpoint.ToString(),
            });
            ChatPath[] paths = [direct, pipelines, portkeyPath];
            foreach (var path in paths)
            {
                // Fail before measuring if a path cannot answer, rather than report a table of errors.
                await path.CallAsync(stream: false);
                await path.CallAsync(stream: true);
            }

            foreach (var stream in new[] { false, true })
            {
                foreach (var clients in Clients)
                {
                    cells.Add(await MeasureCellAsync(sandbox, paths, stream, clients, settings));
                }
            }
        }
        finally
        {
            await TestPostgres.DropDatabaseAsync(database);
        }

        var markdown = Report(cells, settings, started, loadBefore, LoadAverage(), await NodeVersionAsync());
        await BenchmarkReport.WriteSectionAsync(output, "gateway", markdown);
        await Console.Out.WriteLineAsync(markdown);
    }

    private static async Task<Cell> MeasureCellAsync(SandboxServer sandbox, ChatPath[] paths, bool stream, int clients, GatewayBenchmarkSettings settings)
    {
        var rounds = paths.ToDictionary(p => p, _ => new List<LoadResult>());
        for (var round = 0; round < settings.Rounds; round++)
        {
            for (var i = 0; i < paths.Length; i++)
            {
                var path = paths[(round + i) % paths.Length];
                await sandbox.ClearCallsAsync(); // its call log grows with every call and is searched on each one
                var result = await ClosedLoop.RunAsync(() => path.CallAsync(stream), clients, settings.WarmUp, settings.Window);
                rounds[path].Add(result);
                await Console.Error.WriteLineAsync(string.Create(Culture,
                    $"[bench] gateway {(stream ? "streamed" : "plain")} x{clients} {path.Name}: p50 {BenchmarkReport.Median(result.Latencies):0.00} ms, {result.RequestsPerSecond:0} req/s, {result.Errors} errors"));
            }
        }

        return new Cell(stream, clients, [.. paths.Select(p => PathResult.Of(p.Name, rounds[p]))]);
    }

    private static string Report(List<Cell> cells, GatewayBenchmarkSettings settings, DateTime started, string loadBefore, string loadAfter, string node)
    {
        var md = new StringBuilder()
            .AppendLine("## Gateway: Pipelines, Portkey and a direct call, side by side")
            .AppendLine()
            .AppendLine(Culture, $"Reproduce: `deploy/local/bench.sh gateway [window seconds] [rounds]` (Release build; rewrites this section). This run:")
            .AppendLine(Culture, $"{started:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {loadBefore} before and {loadAfter} after")
            .AppendLine("(1, 5, 15 minutes). The machine is shared with other builds and tests: compare rows of one run, not numbers across runs.")
            .AppendLine()
            .AppendLine("- **Upstream**: the sandbox (`src/Pipelines.Sandbox`, in the benchmark's process) answering a one-sentence chat at once;")
            .AppendLine("  streamed, one event per word, then `[DONE]`.")
            .AppendLine("- **Pipelines**: the service binary (`--role api`, Release, in-memory bus) with one route `bench` to one")
            .AppendLine("  OpenAI-compatible provider, the sandbox; the key is sent as `Authorization: Bearer`.")
            .AppendLine(Culture, $"- **Portkey**: `@portkey-ai/gateway` 1.15.2 on node {node}, `--headless`, with `@hono/node-server` pinned to 1.13.8")
            .AppendLine("  (`tests/Pipelines.Routing.Benchmarks/portkey/package.json`), sent to the sandbox by `x-portkey-provider: openai` and")
            .AppendLine("  `x-portkey-custom-host`.")
            .AppendLine(Culture, $"- **Load**: closed loop (each client sends its next request when the previous answer has been read), {string.Join(" and ", Clients)}")
            .AppendLine(Culture, $"  clients. Per cell and path: {settings.Rounds} rounds of a {settings.WarmUp.TotalSeconds:0} s warm-up and a {settings.Window.TotalSeconds:0} s window, the paths taking turns")
            .AppendLine("  in a rotating order. The load generator shares the 2 cores with the three servers.")
            .AppendLine("- **Measured**: latency from sending the request to reading the end of the answer; *first event*, for streams, until")
            .AppendLine("  the first `data:` arrived; *added* is a gateway's figure minus the direct call's in the same cell.")
            .AppendLine();

        foreach (var stream in new[] { false, true })
        {
            md.AppendLine(stream ? "### Streamed" : "### Not streamed").AppendLine();
            md.AppendLine(stream
                ? "| Clients | Path | p50 ms | p99 ms | first event p50 ms | first event p99 ms | req/s | added p50 ms | added p99 ms | first event added p50 ms | errors |"
                : "| Clients | Path | p50 ms | p99 ms | req/s | added p50 ms | added p99 ms | errors |");
            md.AppendLine(stream ? "|---|---|---|---|---|---|---|---|---|---|---|" : "|---|---|---|---|---|---|---|---|");
            foreach (var cell in cells.Where(c => c.Stream == stream))
            {
                foreach (var path in cell.Paths)
                {
                    var isDirect = path == cell.Direct;
                    var added = isDirect ? " | " : string.Create(Culture, $"{cell.AddedP50(path):0.00} | {cell.AddedP99(path):0.00}");
                    var firstEventAdded = isDirect ? "" : cell.FirstEventAdded(path).ToString("0.00", Culture);
                    md.AppendLine(stream
                        ? string.Create(Culture, $"| {cell.Clients} | {path.Name} | {path.P50:0.00} | {path.P99:0.00} | {path.FirstEventP50:0.00} | {path.FirstEventP99:0.00} | {path.RequestsPerSecond:0} | {added} | {firstEventAdded} | {path.Errors} |")
                        : string.Create(Culture, $"| {cell.Clients} | {path.Name} | {path.P50:0.00} | {path.P99:0.00} | {path.RequestsPerSecond:0} | {added} | {path.Errors} |"));
                }
            }

            md.AppendLine();
        }

        md.AppendLine("### Pipelines against Portkey, same run")
            .AppendLine()
            .AppendLine("Ratios Pipelines / Portkey: below 1 is better for latency added, above 1 is better for requests per second.")
            .AppendLine()
            .AppendLine("| Cell | added p50 | added p99 | req/s | first event added p50 (Pipelines / Portkey, ms) |")
            .AppendLine("|---|---|---|---|---|");
        foreach (var cell in cells)
        {
            md.AppendLine(string.Create(Culture,
                $"| {cell.Label} | {Ratio(cell.AddedP50(cell.Pipelines), cell.AddedP50(cell.Portkey))} | {Ratio(cell.AddedP99(cell.Pipelines), cell.AddedP99(cell.Portkey))} | {Ratio(cell.Pipelines.RequestsPerSecond, cell.Portkey.RequestsPerSecond)} | {(cell.Stream ? $"{cell.FirstEventAdded(cell.Pipelines):0.00} / {cell.FirstEventAdded(cell.Portkey):0.00}" : "")} |"));
        }

        md.AppendLine().AppendLine("### Against the targets (computed by this run)").AppendLine();
        foreach (var cell in cells)
        {
            var p = cell.AddedP50(cell.Pipelines);
            var k = cell.AddedP50(cell.Portkey);
            md.AppendLine(string.Create(Culture,
                $"- Added p50 at most a quarter of Portkey's, {cell.Label}: **{Verdict(p <= k / 4)}** ({p:0.00} ms against {k:0.00} ms, ratio {Ratio(p, k)})."));
        }

        foreach (var cell in cells.Where(c => c.Clients == Clients[^1]))
        {
            var ratio = cell.Pipelines.RequestsPerSecond / cell.Portkey.RequestsPerSecond;
            md.AppendLine(string.Create(Culture,
                $"- At least 3x Portkey's requests per second, {cell.Label}: **{Verdict(ratio >= 3)}** ({cell.Pipelines.RequestsPerSecond:0} against {cell.Portkey.RequestsPerSecond:0} req/s, {ratio:0.00}x)."));
        }

        foreach (var cell in cells.Where(c => c.Stream))
        {
            var added = cell.FirstEventAdded(cell.Pipelines);
            md.AppendLine(string.Create(Culture,
                $"- Streaming first event added under 1 ms, {cell.Label}: **{Verdict(added < 1)}** ({added:0.00} ms at p50; Portkey adds {cell.FirstEventAdded(cell.Portkey):0.00} ms)."));
        }

        if (cells.Sum(c => c.Paths.Sum(p => p.Errors)) is var errors and > 0)
        {
            md.AppendLine(Culture, $"- {errors} calls failed during the windows (see the errors columns); failed calls are not in the latencies.");
        }

        return md.ToString();
    }

    private static string Verdict(bool met) => met ? "met" : "not met";

    private static string Ratio(double ours, double theirs) =>
        theirs > 0 ? (ours / theirs).ToString("0.00", Culture) : "n/a";

    private static string LoadAverage() =>
        string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static async Task<string> NodeVersionAsync()
    {
        using var node = Process.Start(new ProcessStartInfo("node", ["--version"]) { RedirectStandardOutput = true })!;
        var version = (await node.StandardOutput.ReadToEndAsync()).Trim();
        await node.WaitForExitAsync();
        return version;
    }

    /// <summary>One path's figures in one cell, over all its rounds.</summary>
    private sealed record PathResult(string Name, double P50, double P99, double FirstEventP50, double FirstEventP99, double RequestsPerSecond, int Errors)
    {
        public static PathResult Of(string name, IReadOnlyCollection<LoadResult> rounds)
        {
            List<double> latencies = [.. rounds.SelectMany(r => r.Latencies)];
            List<double> firstEvents = [.. rounds.SelectMany(r => r.FirstEvents)];
            return new PathResult(
                name,
                Percentile(latencies, 50),
                Percentile(latencies, 99),
                Percentile(firstEvents, 50),
                Percentile(firstEvents, 99),
                rounds.Sum(r => r.Completed) / rounds.Sum(r => r.Window.TotalSeconds),
                rounds.Sum(r => r.Errors));
        }

        private static double Percentile(List<double> values, double percentile) =>
            values.Count == 0 ? double.NaN : BenchmarkReport.Percentile(values, percentile);
    }

    /// <summary>One (streamed or not, clients) cell: the direct call, then Pipelines, then Portkey.</summary>
    private sealed record Cell(bool Stream, int Clients, IReadOnlyList<PathResult> Paths)
    {
        public PathResult Direct => Paths[0];

        public PathResult Pipelines => Paths[1];

        public PathResult Portkey => Paths[2];

        public string Label => $"{(Stream ? "streamed" : "not streamed")}, {Clients} client{(Clients == 1 ? "" : "s")}";

        public double AddedP50(PathResult path) => path.P50 - Direct.P50;

        public double AddedP99(PathResult path) => path.P99 - Direct.P99;

        public double FirstEventAdded(PathResult path) => path.FirstEventP50 - Direct.FirstEventP50;
    }
}
