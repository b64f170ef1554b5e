using System.Security.Claims;
using Marten;
using Pipelines.Api.Auth;

namespace Pipelines.Api.Keys;

public static class ListKeys
{
    public static async Task<Ok<IReadOnlyList<KeyView>>> HandleAsync(
        ClaimsPrincipal user, IDocumentStore store, CancellationToken cancellationToken)
    {
        var tenant = user.TenantId();
        await using var session = store.QuerySession();
        var records = await session.Query<ApiKeyRecord>()
            .Where(k => k.TenantId == tenant)
            .OrderBy(k => k.CreatedAt)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<KeyView>>([.. records.Select(KeyView.From)]);
    }
}
