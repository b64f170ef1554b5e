using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using Pipelines.Core.Definitions;
using Pipelines.Engine.Providers;

namespace Pipelines.Engine.Routes;

public enum RouteFailure
{
    Invalid,
    NotFound,
    AlreadyExists,
    StaleETag,
}

/// <summary>The result of a route command: the route written, or why nothing was written.</summary>
public sealed record RouteOutcome(RouteEntry? Value, RouteFailure? Failure = null, string? Detail = null, IReadOnlyList<Diagnostic>? Errors = null)
{
    public bool Succeeded => Failure is null;

    public static RouteOutcome Ok(RouteEntry value) => new(value);

    public static RouteOutcome Fail(RouteFailure failure, string detail, IReadOnlyList<Diagnostic>? errors = null) => new(null, failure, detail, errors);
}

/// <summary>
/// Writes a tenant's routes. Every command checks the whole route (fields, policy rules, providers registered for the
/// tenant) before touching the session, records which key changed it, and makes this process's gateway see the change at once.
/// </summary>
public sealed class RouteCommands(IDocumentSession session, TenantRoutes routes, ProviderDirectory providers, TimeProvider clock)
{
    private string Tenant => session.TenantId;

    public async Task<RouteOutcome> CreateAsync(JsonObject body, string keyId, CancellationToken cancellationToken)
    {
        var (spec, problem) = await ReadAsync(body, null, cancellationToken);
        if (spec is null)
        {
            return problem!;
        }

        if (await session.LoadAsync<RouteDocument>(spec.Name, cancellationToken) is not null)
        {
            return RouteOutcome.Fail(RouteFailure.AlreadyExists, $"A route '{spec.Name}' already exists; update it with PUT.");
        }

        var now = clock.GetUtcNow();
        var document = new RouteDocument { Id = spec.Name, CreatedAt = now, UpdatedBy = keyId };
        Apply(document, spec, keyId, now);
        session.Insert(document);
        await session.SaveChangesAsync(cancellationToken);
        routes.Invalidate(Tenant);
        return RouteOutcome.Ok(RouteEntry.From(document));
    }

    /// <summary>Replaces the route. Sending the route as it is changes nothing (same ETag), so a deploy can be repeated.</summary>
    public async Task<RouteOutcome> UpdateAsync(string name, string ifMatch, JsonObject body, string keyId, CancellationToken cancellationToken)
    {
        var document = await session.LoadAsync<RouteDocument>(name, cancellationToken);
        if (document is null)
        {
            return RouteOutcome.Fail(RouteFailure.NotFound, $"No route '{name}'.");
        }

        if (ifMatch != "*" && ifMatch != document.ETag)
        {
            return RouteOutcome.Fail(RouteFailure.StaleETag,
                $"The route changed since you read it (current ETag {document.ETag}); reload it and reapply your change.");
        }

        var (spec, problem) = await ReadAsync(body, name, cancellationToken);
        if (spec is null)
        {
            return problem!;
        }

        if (SameAs(RouteEntry.From(document).Spec, spec))
        {
            return RouteOutcome.Ok(RouteEntry.From(document));
        }

        Apply(document, spec, keyId, clock.GetUtcNow());
        document.Revision++;
        session.Store(document);
        await session.SaveChangesAsync(cancellationToken);
        routes.Invalidate(Tenant);
        return RouteOutcome.Ok(RouteEntry.From(document));
    }

    public async Task<RouteOutcome> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        var document = await session.LoadAsync<RouteDocument>(name, cancellationToken);
        if (document is null)
        {
            return RouteOutcome.Fail(RouteFailure.NotFound, $"No route '{name}'.");
        }

        session.Delete(document);
        await session.SaveChangesAsync(cancellationToken);
        routes.Invalidate(Tenant);
        return RouteOutcome.Ok(RouteEntry.From(document));
    }

    private async Task<(RouteSpec? Spec, RouteOutcome? Problem)> ReadAsync(JsonObject body, string? urlName, CancellationToken cancellationToken)
    {
        var (spec, errors) = RouteSpecReader.Read(body, urlName);
        if (spec is null)
        {
            return (null, Invalid(errors));
        }

        var unknown = new List<Diagnostic>();
        for (var i = 0; i < spec.Providers.Count; i++)
        {
            if (await providers.FindEntryAsync(Tenant, spec.Providers[i], cancellationToken) is null)
            {
                unknown.Add(new Diagnostic(DiagnosticCodes.UnknownProvider,
                    $"No provider '{spec.Providers[i]}' is registered for this tenant.", JsonPointer.Append("/providers", i)));
            }
        }

        return unknown.Count == 0 ? (spec, null) : (null, Invalid(unknown));
    }

    private static void Apply(RouteDocument document, RouteSpec spec, string keyId, DateTimeOffset now)
    {
        document.Description = spec.Description;
        document.Providers = [.. spec.Providers];
        document.Policy = spec.Policy;
        document.Constraints = spec.Constraints;
        document.UpdatedAt = now;
        document.UpdatedBy = keyId;
    }

    // Records holding lists compare them by reference; their JSON compares what they say.
    private static bool SameAs(RouteSpec stored, RouteSpec sent) =>
        JsonSerializer.Serialize(stored) == JsonSerializer.Serialize(sent);

    private static RouteOutcome Invalid(IReadOnlyList<Diagnostic> errors) =>
        RouteOutcome.Fail(RouteFailure.Invalid, $"The route has {errors.Count} problem(s).", errors);
}
