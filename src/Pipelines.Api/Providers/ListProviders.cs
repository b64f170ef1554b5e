using Pipelines.Engine.Providers;

namespace Pipelines.Api.Providers;

public static class ListProviders
{
    /// <summary>A configured provider as the API shows it: never its endpoint credentials.</summary>
    public sealed record ProviderView(string Id, IReadOnlyList<string> Capabilities);

    public static Ok<IReadOnlyList<ProviderView>> Handle(ProviderRegistry registry) =>
        TypedResults.Ok<IReadOnlyList<ProviderView>>(
            [.. registry.All.OrderBy(p => p.ProviderId, StringComparer.Ordinal).Select(p => new ProviderView(p.ProviderId, [.. p.Manifest.Capabilities.Order()]))]);
}
