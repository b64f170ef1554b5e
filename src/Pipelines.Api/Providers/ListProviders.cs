using System.Security.Claims;
using Pipelines.Api.Auth;
using Pipelines.Engine.Providers;

namespace Pipelines.Api.Providers;

public static class ListProviders
{
    /// <summary>The providers the tenant can use: service-wide ones (configuration, providers file) and its own.</summary>
    public static async Task<Ok<IReadOnlyList<ProviderView>>> HandleAsync(
        ClaimsPrincipal user, ProviderDirectory directory, CancellationToken cancellationToken)
    {
        var entries = await directory.ListEntriesAsync(user.TenantId(), cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ProviderView>>([.. entries.Select(ProviderView.From)]);
    }
}
