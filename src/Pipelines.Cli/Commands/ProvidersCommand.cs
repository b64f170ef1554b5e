using System.Text.Json;

namespace Pipelines.Cli.Commands;

/// <summary><c>pipelines providers list</c>: what the server can route steps to.</summary>
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
}
