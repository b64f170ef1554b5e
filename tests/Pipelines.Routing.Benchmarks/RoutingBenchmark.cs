using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Pipelines.Connectors.Onnx;
using Pipelines.Connectors.OpenAI;
using Pipelines.Core.Definitions;
using Pipelines.Routing.Health;
using Pipelines.Testing;

namespace Pipelines.Routing.Benchmarks;

/// <summary>Routing decisions, connector overhead and local embeddings, in one process; writes the <c>routing</c> section.</summary>
public static class RoutingBenchmark
{
    public static async Task RunAsync(string output)
    {
        var culture = CultureInfo.InvariantCulture;
        var md = new StringBuilder()
            .AppendLine("## Routing and connectors")
            .AppendLine()
            .AppendLine(culture, $"Reproduce: `deploy/local/bench.sh routing` (Release build; rewrites this section). This run: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC,")
            .AppendLine("one process; medians over rounds or calls, all measured in the same run. The gateway has its own section below.")
            .AppendLine();

        // 1. Routing decision: resolve 10 providers, filter by a residency constraint, rank by the strategy, admit the first.
        var options = Options.Create(new RoutingOptions());
        var health = new HealthRegistry(options, TimeProvider.System);
        using var metrics = new RoutingMetrics();
        var caller = new ProviderCaller(health, new ProbeTargets(), metrics, options, TimeProvider.System);
        var directory = new BenchDirectory();
        var router = new ProviderRouter(directory, health, caller, new RetryBudget(options), metrics, options, TimeProvider.System);
        foreach (var id in directory.Ids)
        {
            for (var i = 0; i < 64; i++)
            {
                health.Record(id, new Observation("chat", i % 20 == 0 ? Pipelines.Connectors.OutcomeClass.Unavailable : Pipelines.Connectors.OutcomeClass.Ok, 50 + i));
            }
        }

        md.AppendLine("### Routing decision, 10 providers (target: under 5 µs)")
            .AppendLine()
            .AppendLine("*decision*: look up the 10 providers, drop the one outside `residency: [eu]`, rank the rest, admit the first through")
            .AppendLine("its circuit. *whole call*: the decision plus the call to a provider that answers at once, the health observation,")
            .AppendLine("metrics and the attempt record.")
            .AppendLine()
            .AppendLine("| Strategy | decision, median ns | whole call, median ns |")
            .AppendLine("|---|---|---|");
        var input = new JsonObject { ["prompt"] = "hi" };
        foreach (var strategy in new[] { RoutingStrategy.Ordered, RoutingStrategy.HealthRanked, RoutingStrategy.Weighted, RoutingStrategy.Fastest, RoutingStrategy.Cheapest })
        {
            var request = new RouteRequest("bench", "chat", input, directory.Ids, new RoutingPolicy { Strategy = strategy }, new StepConstraints { Residency = ["eu"] });
            var decision = await Measure.NanosecondsPerOpAsync(async () =>
            {
                var plan = await router.PlanAsync(request, CancellationToken.None);
                health.Admit(plan.Candidates[0].HealthKey("bench"));
            });
            var whole = await Measure.NanosecondsPerOpAsync(async () => await router.ExecuteAsync(request, CancellationToken.None));
            md.AppendLine(culture, $"| {strategy} | {decision:0} | {whole:0} |");
            await Console.Error.WriteLineAsync($"[bench] routing {strategy}: {decision:0} ns / {whole:0} ns");
        }

        // 2. Connector overhead: the OpenAI connector (Semantic Kernel) against a raw HTTP call to the same sandbox.
        await using var sandbox = await SandboxServer.StartAsync();
        using var raw = new HttpClient();
        var chatUrl = new Uri(sandbox.OpenAiEndpoint + "/chat/completions");
        var body = new { model = "bench", messages = new[] { new { role = "user", content = "hello there" } } };
        var connector = new OpenAiProvider("bench", new OpenAiProviderOptions { Endpoint = sandbox.OpenAiEndpoint, Model = "bench" }, new HttpClient());
        var rawCalls = await Measure.CallsAsync(async () => (await raw.PostAsJsonAsync(chatUrl, body)).EnsureSuccessStatusCode(), 400);
        var connectorCalls = await Measure.CallsAsync(() => connector.InvokeAsync("chat", new JsonObject { ["prompt"] = "hello there" }, CancellationToken.None), 400);
        var streamedCalls = await Measure.CallsAsync(async () =>
        {
            await foreach (var chunk in connector.StreamAsync("chat", new JsonObject { ["prompt"] = "hello there" }, CancellationToken.None))
            {
            }
        }, 400);
        var rawMedian = BenchmarkReport.Median(rawCalls);
        var connectorMedian = BenchmarkReport.Median(connectorCalls);
        md.AppendLine()
            .AppendLine("### Per-call connector overhead")
            .AppendLine()
            .AppendLine("400 sequential chat calls each to the in-process sandbox over loopback HTTP.")
            .AppendLine()
            .AppendLine("| Path | median ms | p95 ms |")
            .AppendLine("|---|---|---|")
            .AppendLine(culture, $"| raw `HttpClient` POST | {rawMedian:0.000} | {BenchmarkReport.Percentile(rawCalls, 95):0.000} |")
            .AppendLine(culture, $"| OpenAI connector (SK) | {connectorMedian:0.000} | {BenchmarkReport.Percentile(connectorCalls, 95):0.000} |")
            .AppendLine(culture, $"| OpenAI connector, streamed to the end | {BenchmarkReport.Median(streamedCalls):0.000} | {BenchmarkReport.Percentile(streamedCalls, 95):0.000} |")
            .AppendLine(culture, $"| **connector overhead** (not streamed) | **{connectorMedian - rawMedian:0.000}** | |");
        await Console.Error.WriteLineAsync($"[bench] raw {rawMedian:0.000} connector {connectorMedian:0.000} streamed {BenchmarkReport.Median(streamedCalls):0.000} ms");

        // 3. Local embeddings.
        md.AppendLine()
            .AppendLine("### Local embedding latency (ONNX, offline, CPU)")
            .AppendLine()
            .AppendLine("| Model | 1 sentence, median ms | 16 sentences, median ms |")
            .AppendLine("|---|---|---|");
        var sentence = new JsonObject { ["input"] = "Quarterly revenue grew faster than analysts expected." };
        var batch = new JsonObject { ["input"] = new JsonArray([.. Enumerable.Range(0, 16).Select(i => (JsonNode)$"Sentence number {i} about markets, support tickets and documents.")]) };
        foreach (var model in new[] { OnnxModel.MiniLm, OnnxModel.Arctic })
        {
            using var provider = new OnnxProvider(model, new OnnxConnectorOptions());
            var one = await Measure.CallsAsync(() => provider.InvokeAsync("embed", (JsonObject)sentence.DeepClone(), CancellationToken.None), 100, warmUp: 5);
            var many = await Measure.CallsAsync(() => provider.InvokeAsync("embed", (JsonObject)batch.DeepClone(), CancellationToken.None), 30, warmUp: 3);
            md.AppendLine(culture, $"| {model.Name} (`{model.ProviderId}`) | {BenchmarkReport.Median(one):0.00} | {BenchmarkReport.Median(many):0.00} |");
            await Console.Error.WriteLineAsync($"[bench] {model.ProviderId}: {BenchmarkReport.Median(one):0.00} ms");
        }

        md.Append(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "analysis.md")));
        await BenchmarkReport.WriteSectionAsync(output, "routing", md.ToString());
        await Console.Out.WriteLineAsync(md.ToString());
    }
}
