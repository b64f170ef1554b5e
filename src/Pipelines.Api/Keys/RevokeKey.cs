using System.Security.Claims;
using Marten;
using Pipelines.Api.Auth;

namespace Pipelines.Api.Keys;

public static class RevokeKey
{
    public static async Task<Results<NoContent, NotFound<ProblemDetails>>> HandleAsync(
        string keyId, ClaimsPrincipal user, IDocumentStore store, ApiKeyCache keys, TimeProvider clock, CancellationToken cancellationToken)
    {
        var tenant = user.TenantId();
        await using var session = store.LightweightSession();
        var record = await session.Query<ApiKeyRecord>()
            .SingleOrDefaultAsync(k => k.KeyId == keyId && k.TenantId == tenant, cancellationToken);
        if (record is null)
        {
            return TypedResults.NotFound(new ProblemDetails
            {
                Status = StatusCodes.Status404NotFound,
                Title = "Not found",
                Detail = $"No key '{keyId}' in this tenant.",
            });
        }

        record.RevokedAt ??= clock.GetUtcNow();
        session.Store(record);
        await keys.CommitKeyChangeAsync(session, record.Id, cancellationToken);
        return TypedResults.NoContent();
    }
}
