using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Pipelines.Connectors.Onnx;
using Pipelines.Connectors.OpenAI;
using Pipelines.Core.Definitions;
using Pipelines.Routing;
using Pipelines.Routing.Benchmarks;
using Pipelines.Routing.Health;
using Pipelines.Testing;

// Usage: Pipelines.Routing.Benchmarks [output.md]. Reads PIPELINES_TEST_POSTGRES for the gateway (deploy/local/bench.sh sets it).
var output = args.ElementAtOrDefault(0) ?? "docs/benchmarks.md";
var culture = CultureInfo.InvariantCulture;
var md = new StringBuilder()
    .AppendLine("## Routing, connectors and gateway")
    .AppendLine()
    .AppendLine(culture, $"Reproduce: `deploy/local/bench.sh routing` (Release build; rewrites this section). This run: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC,")
    .AppendLine("one process for the in-process parts; medians over rounds or calls, all measured in the same run.")
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
    Console.Error.WriteLine($"[bench] routing {strategy}: {decision:0} ns / {whole:0} ns");
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
Console.Error.WriteLine($"[bench] raw {rawMedian:0.000} connector {connectorMedian:0.000} streamed {BenchmarkReport.Median(streamedCalls):0.000} ms");

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
    Console.Error.WriteLine($"[bench] {model.ProviderId}: {BenchmarkReport.Median(one):0.00} ms");
}

// 4. Gateway: the service's /v1/chat/completions over a one-provider route, against calling the sandbox directly.
var database = await TestPostgres.CreateDatabaseAsync();
const string key = "pk_bench_gateway";
await using (var service = await ServiceProcess.StartAsync("api", new Dictionary<string, string>
{
    ["ConnectionStrings__Postgres"] = database,
    ["Pipelines__AdminKey"] = key,
    ["Pipelines__Providers__OpenAI__Providers__bench__Endpoint"] = sandbox.OpenAiEndpoint.ToString(),
    ["Pipelines__Providers__OpenAI__Providers__bench__Model"] = "bench",
    ["Pipelines__Gateway__Routes__bench__Providers__0"] = "bench",
    ["Logging__LogLevel__Default"] = "Warning",
}))
{
    using var gateway = new HttpClient { BaseAddress = service.Address };
    gateway.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
    var direct = await Measure.CallsAsync(async () => (await raw.PostAsJsonAsync(chatUrl, body)).EnsureSuccessStatusCode(), 500, warmUp: 50);
    var routed = await Measure.CallsAsync(async () => (await gateway.PostAsJsonAsync("/v1/chat/completions", body)).EnsureSuccessStatusCode(), 500, warmUp: 50);
    var added = BenchmarkReport.Median(routed) - BenchmarkReport.Median(direct);
    md.AppendLine()
        .AppendLine("### Gateway latency added (target: under 1 ms median)")
        .AppendLine()
        .AppendLine("500 sequential non-streaming chat calls each, after 50 warm-up calls: straight to the sandbox, and through the")
        .AppendLine("service's gateway (`--role api`, API key checked against PostgreSQL on every call) to the same sandbox.")
        .AppendLine()
        .AppendLine("| Path | median ms | p95 ms |")
        .AppendLine("|---|---|---|")
        .AppendLine(culture, $"| direct to the sandbox | {BenchmarkReport.Median(direct):0.000} | {BenchmarkReport.Percentile(direct, 95):0.000} |")
        .AppendLine(culture, $"| through the gateway | {BenchmarkReport.Median(routed):0.000} | {BenchmarkReport.Percentile(routed, 95):0.000} |")
        .AppendLine(culture, $"| **added by the gateway** | **{added:0.000}** | |");
    Console.Error.WriteLine($"[bench] gateway added {added:0.000} ms");
}

await TestPostgres.DropDatabaseAsync(database);
md.Append(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "analysis.md")));
await BenchmarkReport.WriteSectionAsync(output, "routing", md.ToString());
Console.WriteLine(md);
