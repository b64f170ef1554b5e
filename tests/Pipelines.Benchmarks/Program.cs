using System.Globalization;
using System.Text;
using System.Text.Json;
using Pipelines.Benchmarks;
using Pipelines.Testing;

// Usage: Pipelines.Benchmarks <output.md> [sequentialRuns] [saturationRuns] [transports, e.g. InMemory,RabbitMq]
// Reads PIPELINES_TEST_POSTGRES and PIPELINES_TEST_RABBITMQ (deploy/local/bench.sh sets both).
var output = args.ElementAtOrDefault(0) ?? "docs/benchmarks.md";
var sequentialRuns = int.Parse(args.ElementAtOrDefault(1) ?? "40", CultureInfo.InvariantCulture);
var saturationRuns = int.Parse(args.ElementAtOrDefault(2) ?? "100", CultureInfo.InvariantCulture);
var transports = (args.ElementAtOrDefault(3) ?? "InMemory,RabbitMq").Split(',');
var rabbit = Environment.GetEnvironmentVariable("PIPELINES_TEST_RABBITMQ") ?? "amqp://guest:guest@127.0.0.1:5672/";

var results = new List<string>();
foreach (var transport in transports)
{
    Console.Error.WriteLine($"[bench] {transport}");
    var database = await TestPostgres.CreateDatabaseAsync();
    const string key = "pk_bench";
    await using (var service = await ServiceProcess.StartAsync("all", new Dictionary<string, string>
    {
        ["ConnectionStrings__Postgres"] = database,
        ["Pipelines__AdminKey"] = key,
        ["Pipelines__Bus__Transport"] = transport,
        ["Pipelines__Bus__RabbitMqUri"] = rabbit,
        ["Logging__LogLevel__Default"] = "Warning",
    }))
    {
        using var client = service.Client(key, TimeSpan.FromMinutes(5));
        foreach (var shape in new[] { Shapes.Chain, Shapes.FanOut })
        {
            await client.PublishAsync(shape.Yaml);
            for (var i = 0; i < 5; i++)
            {
                await RunAsync(client, shape, i); // warm-up: JIT, connection pools, Marten codegen
            }

            var perStep = new List<double>();
            for (var i = 0; i < sequentialRuns; i++)
            {
                perStep.Add((await RunAsync(client, shape, i)).TotalMilliseconds / shape.CriticalPath);
            }

            var throughput = await SaturateAsync(client, shape, saturationRuns);
            results.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {transport} | {shape.Id} | {BenchmarkReport.Percentile(perStep, 50):0.00} | {BenchmarkReport.Percentile(perStep, 99):0.00} | {throughput:0} | {service.PeakResidentBytes / 1048576.0:0} |"));
            Console.Error.WriteLine(results[^1]);
        }
    }

    await TestPostgres.DropDatabaseAsync(database);
}

var markdown = new StringBuilder()
    .AppendLine("## Run engine")
    .AppendLine()
    .AppendLine("Run engine overhead with durability on (every state change is a PostgreSQL event append) and 0 ms `transform`")
    .AppendLine("steps, so all measured time is orchestration: dispatch subscription, bus, worker, result append, next-step planning.")
    .AppendLine("One service process (`--role all`), PostgreSQL and RabbitMQ on the same 2-core machine.")
    .AppendLine()
    .AppendLine("Reproduce: `deploy/local/bench.sh` (starts private PostgreSQL and RabbitMQ, builds Release, runs")
    .AppendLine($"`tests/Pipelines.Benchmarks` and rewrites this file). This run: {sequentialRuns} sequential runs per shape after 5 warm-up runs,")
    .AppendLine($"then {saturationRuns} runs started at once for throughput; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.")
    .AppendLine()
    .AppendLine("- *per step*: a run's duration (server timestamps, start to end) divided by its critical path (chain 10, fan-out 3).")
    .AppendLine("- *steps/s*: steps completed per second while the saturation batch drains (first start to last end).")
    .AppendLine("- *peak RSS*: the service process's VmHWM after all runs of that transport so far.")
    .AppendLine()
    .AppendLine("| Bus | Pipeline | per step, median ms | per step, p99 ms | steps/s at saturation | peak RSS MB |")
    .AppendLine("|---|---|---|---|---|---|");
foreach (var row in results)
{
    markdown.AppendLine(row);
}

markdown.Append(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "analysis.md")));

await BenchmarkReport.WriteSectionAsync(output, "engine", markdown.ToString());
Console.WriteLine(markdown);

static async Task<TimeSpan> RunAsync(HttpClient client, Shapes.Shape shape, int n)
{
    var run = await client.StartRunAsync(shape.Id, new { n }, wait: "60s");
    if (run.Status() != "Succeeded")
    {
        throw new InvalidOperationException($"Run did not succeed: {run}");
    }

    return run.GetProperty("endedAt").GetDateTimeOffset() - run.GetProperty("startedAt").GetDateTimeOffset();
}

static async Task<double> SaturateAsync(HttpClient client, Shapes.Shape shape, int runs)
{
    var ids = await Task.WhenAll(Enumerable.Range(0, runs).Select(async n =>
        (await client.StartRunAsync(shape.Id, new { n }, wait: null)).GetProperty("id").GetString()!));
    var finished = new List<JsonElement>();
    foreach (var id in ids)
    {
        finished.Add(await client.WaitForAsync(id, r => r.Status() != "Running", timeoutSeconds: 600));
    }

    if (finished.Any(r => r.Status() != "Succeeded"))
    {
        throw new InvalidOperationException("A saturation run did not succeed.");
    }

    var first = finished.Min(r => r.GetProperty("startedAt").GetDateTimeOffset());
    var last = finished.Max(r => r.GetProperty("endedAt").GetDateTimeOffset());
    return runs * shape.Steps / (last - first).TotalSeconds;
}
