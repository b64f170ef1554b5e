using Marten;
using Microsoft.Extensions.Options;
using Pipelines.Api.Hosting;

namespace Pipelines.Api.Auth;

/// <summary>
/// Stores the configured bootstrap admin key (by hash) so a fresh install can be used at once. A bootstrap key that was
/// revoked stays revoked: a restart with the same configuration does not bring it back.
/// </summary>
public sealed partial class AdminKeyBootstrapper(
    IDocumentStore store, IOptions<PipelinesOptions> options, TimeProvider clock, ILogger<AdminKeyBootstrapper> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.AdminKey))
        {
            return;
        }

        var hash = ApiKeySecret.Hash(options.Value.AdminKey);
        await using var session = store.LightweightSession();
        var existing = await session.LoadAsync<ApiKeyRecord>(hash, cancellationToken);
        if (existing is { RevokedAt: not null })
        {
            LogRevoked(logger, existing.KeyId);
        }

        if (existing is not null)
        {
            return;
        }

        session.Store(new ApiKeyRecord
        {
            Id = hash,
            KeyId = ApiKeySecret.PublicId(hash),
            TenantId = options.Value.DefaultTenant,
            Role = Role.Admin,
            Name = "bootstrap admin",
            CreatedAt = clock.GetUtcNow(),
        });
        await session.SaveChangesAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The configured bootstrap admin key ({KeyId}) was revoked and stays revoked; configure another one.")]
    private static partial void LogRevoked(ILogger logger, string keyId);
}
