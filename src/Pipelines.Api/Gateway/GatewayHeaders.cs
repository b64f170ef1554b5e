using Pipelines.Connectors;

namespace Pipelines.Api.Gateway;

/// <summary>Response headers telling the client who answered and what the router went through to get there.</summary>
public static class GatewayHeaders
{
    public const string Provider = "X-Pipelines-Provider";
    public const string Attempts = "X-Pipelines-Attempts";
    public const string Swaps = "X-Pipelines-Swaps";
    public const string Route = "X-Pipelines-Route";

    public static void Write(HttpResponse response, string? provider, IReadOnlyList<ProviderAttempt> attempts, string? route = null)
    {
        if (route is not null)
        {
            response.Headers[Route] = route;
        }

        if (provider is not null)
        {
            response.Headers[Provider] = provider;
        }

        response.Headers[Attempts] = attempts.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var swaps = attempts.Zip(attempts.Skip(1).Select(a => a.Provider).Append(provider))
            .Where(pair => pair.Second is not null && pair.Second != pair.First.Provider)
            .Select(pair => $"{pair.First.Provider}>{pair.Second} ({pair.First.Outcome.WireName()})");
        response.Headers[Swaps] = string.Join(", ", swaps);
    }
}
