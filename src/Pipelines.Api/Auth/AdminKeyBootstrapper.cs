using Marten;
using Microsoft.Extensions.Options;
using Pipelines.Api.Hosting;

namespace Pipelines.Api.Auth;

/// <summary>Stores the configured bootstrap admin key (by hash) so a fresh install can be used at once.</summary>
public sealed class AdminKeyBootstrapper(IDocumentStore store, IOptions<PipelinesOptions> options, TimeProvider clock)
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
        if (existing is { RevokedAt: null })
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
}
