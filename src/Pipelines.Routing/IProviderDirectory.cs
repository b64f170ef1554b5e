namespace Pipelines.Routing;

/// <summary>Looks providers up for a tenant: its own registrations plus the service-wide ones.</summary>
public interface IProviderDirectory
{
    ValueTask<RegisteredProvider?> FindAsync(string tenantId, string providerId, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<RegisteredProvider>> ListAsync(string tenantId, CancellationToken cancellationToken);
}
