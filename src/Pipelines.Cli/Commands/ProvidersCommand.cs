using System.Text.Json;

namespace Pipelines.Cli.Commands;

/// <summary><c>pipelines providers list|health</c>: what the server can route steps to, and how each provider is doing.</summary>
public static class ProvidersCommand
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerOptions.Web) { WriteIndented = true };

    public static async Task<int> ListAsync(ApiClient api, string format, TextWriter output, CancellationToken cancellationToken)
    {
        var providers = await api.ListProvidersAsync(cancellationToken);
        if (format == "json")
        {
            output.WriteLine(JsonSerializer.Serialize(providers, Indented));
            return ExitCodes.Success;
        }

        const string Provider = "PROVIDER";
        var width = providers.Select(p => p.Id.Length).Append(Provider.Length).Max();
        output.WriteLine($"{Provider.PadRight(width)}  CAPABILITIES");
        foreach (var provider in providers)
        {
            output.WriteLine($"{provider.Id.PadRight(width)}  {string.Join(", ", provider.Capabilities)}");
        }

        return ExitCodes.Success;
    }

    /// <summary>
    /// Health of one provider, or of all: score and circuit per provider, and with an id the statistics per capability
    /// and recent failures. Exit code 1 when <paramref name="requireClosed"/> and a circuit is not closed (a deploy gate).
    /// </summary>
    public static async Task<int> HealthAsync(
        ApiClient api, string? id, string format, bool requireClosed, TextWriter output, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> ids = id is null ? [.. (await api.ListProvidersAsync(cancellationToken)).Select(p => p.Id)] : [id];
        var healths = new List<ProviderHealthView>();
        foreach (var providerId in ids)
        {
            healths.Add(await api.GetProviderHealthAsync(providerId, cancellationToken));
        }

        if (format == "json")
        {
            output.WriteLine(JsonSerializer.Serialize(id is null ? healths : (object)healths[0], Indented));
        }
        else
        {
            WriteText(healths, detailed: id is not null, output);
        }

        return requireClosed && healths.Any(h => h.Circuit.State != "closed") ? ExitCodes.Failure : ExitCodes.Success;
    }

    private static void WriteText(List<ProviderHealthView> healths, bool detailed, TextWriter output)
    {
        const string Provider = "PROVIDER";
        var width = healths.Select(h => h.Id.Length).Append(Provider.Length).Max();
        output.WriteLine($"{Provider.PadRight(width)}  SCORE  CIRCUIT");
        foreach (var health in healths)
        {
            var circuit = health.Circuit.Reason is { } reason ? $"{health.Circuit.State} ({reason})" : health.Circuit.State;
            output.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{health.Id.PadRight(width)}  {health.Score,5:0.00}  {circuit}"));
        }

        if (!detailed)
        {
            return;
        }

        foreach (var capability in healths[0].Capabilities)
        {
            output.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"  {capability.Capability}: success {capability.SuccessRate:P0} over {capability.Calls:0.#} recent calls, p50 {capability.LatencyP50Ms:0} ms, p95 {capability.LatencyP95Ms:0} ms"));
        }

        foreach (var failure in healths[0].RecentFailures)
        {
            output.WriteLine($"  {failure.At:u}  {failure.Capability}  {failure.Outcome}  {failure.Error}");
        }
    }
}
