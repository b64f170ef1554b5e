using Pipelines.Api.Auth;

namespace Pipelines.Api.Keys;

/// <summary>What the API shows of a key: never the key or its hash.</summary>
public sealed record KeyView(string KeyId, string Name, string Tenant, Role Role, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public static KeyView From(ApiKeyRecord record) =>
        new(record.KeyId, record.Name, record.TenantId, record.Role, record.CreatedAt, record.RevokedAt);
}
