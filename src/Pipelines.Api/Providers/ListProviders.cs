using System.Security.Claims;
using Pipelines.Api.Auth;
using Pipelines.Routing;

namespace Pipelines.Api.Providers;

public static class ListProviders
{
    /// <summary>A configured provider as the API shows it: never its endpoint credentials.</summary>
    public sealed record ProviderView(string Id, IReadOnlyList<string> Capabilities);

    public static async Task<Ok<IReadOnlyList<ProviderView>>> Handle(ClaimsPrincipal user, IProviderDirectory directory, CancellationToken cancellationToken)
    {
        var providers = await directory.ListAsync(user.TenantId(), cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ProviderView>>(
            [.. providers.Select(p => new ProviderView(p.Id, [.. p.Manifest.Capabilities.Order()]))]);
    }
}
