namespace Pipelines.Api.Auth;

/// <summary>
/// A stored API key. Only the SHA-256 of the key is kept (as the id), so a database dump reveals no usable key.
/// Keys are global documents: the key itself decides the tenant.
/// </summary>
public sealed class ApiKeyRecord
{
    public required string Id { get; init; }

    /// <summary>Public handle shown in listings, e.g. "key_3f9a1c2b".</summary>
    public required string KeyId { get; init; }

    public required string TenantId { get; init; }

    public required Role Role { get; init; }

    public required string Name { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? RevokedAt { get; set; }
}
