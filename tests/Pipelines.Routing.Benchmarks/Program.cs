using Pipelines.Routing.Benchmarks;

// Usage: Pipelines.Routing.Benchmarks routing|gateway [output.md] [gateway: seconds per round] [gateway: rounds].
// deploy/local/bench.sh builds it in Release, starts PostgreSQL (PIPELINES_TEST_POSTGRES) and installs the Portkey
// gateway (PORTKEY_GATEWAY_DIR) for the gateway benchmark.
var what = args.ElementAtOrDefault(0) ?? "routing";
var output = args.ElementAtOrDefault(1) ?? "docs/benchmarks.md";
switch (what)
{
    case "routing":
        await RoutingBenchmark.RunAsync(output);
        break;
    case "gateway":
        await GatewayBenchmark.RunAsync(output, GatewayBenchmarkSettings.From(args.Skip(2).ToArray()));
        break;
    default:
        Console.Error.WriteLine("Usage: Pipelines.Routing.Benchmarks routing|gateway [output.md] [seconds per round] [rounds]");
        return 2;
}

return 0;
