using Marten;

namespace Pipelines.Api.Auth;

/// <summary>
/// Opens every request's Marten session for the caller's tenant, so no query can forget the tenant filter.
/// </summary>
public sealed class TenantSessionFactory(IDocumentStore store, IHttpContextAccessor accessor) : ISessionFactory
{
    public IQuerySession QuerySession() => store.QuerySession(CurrentTenant());

    public IDocumentSession OpenSession() => store.LightweightSession(CurrentTenant());

    private string CurrentTenant() =>
        accessor.HttpContext?.User.TenantId()
        ?? throw new InvalidOperationException("A tenant session was requested outside an HTTP request.");
}
