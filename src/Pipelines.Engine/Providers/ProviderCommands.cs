using System.Text.Json.Nodes;
using Marten;
using Pipelines.Connectors;
using Pipelines.Engine.Egress;
using Pipelines.Routing;

namespace Pipelines.Engine.Providers;

public enum ProviderFailure
{
    Invalid,
    NotFound,
    AlreadyExists,
    ReadOnly,
    StaleETag,
}

/// <summary>The result of a provider command: the entry written, or why nothing was written.</summary>
public sealed record ProviderOutcome(ProviderEntry? Value, ProviderFailure? Failure = null, string? Detail = null, IReadOnlyList<FieldError>? Errors = null)
{
    public bool Succeeded => Failure is null;

    public static ProviderOutcome Ok(ProviderEntry value) => new(value);

    public static ProviderOutcome Fail(ProviderFailure failure, string detail, IReadOnlyList<FieldError>? errors = null) => new(null, failure, detail, errors);
}

/// <summary>
/// Writes a tenant's providers. Every command checks the whole provider (body, connector type, the connector's own
/// checks) before touching the session, encrypts secrets, and makes this process see the change at once.
/// </summary>
public sealed class ProviderCommands(
    IDocumentSession session, ProviderDirectory directory, ConnectorTypes types, ProviderSecrets secrets, EgressPolicy egress, TimeProvider clock)
{
    private string Tenant => session.TenantId;

    public async Task<ProviderOutcome> CreateAsync(JsonObject body, CancellationToken cancellationToken)
    {
        var (spec, errors) = ProviderSpecReader.Read(body);
        if (spec is null)
        {
            return Invalid(errors);
        }

        if (await EgressProblemAsync(spec, cancellationToken) is { } egressRefusal)
        {
            return egressRefusal;
        }

        if (await directory.FindServiceWideAsync(spec.Id, cancellationToken) is { } serviceWide)
        {
            return ProviderOutcome.Fail(ProviderFailure.AlreadyExists,
                $"The id '{spec.Id}' belongs to a service-wide provider (origin {serviceWide.Origin}); choose another id.");
        }

        if (await session.LoadAsync<ProviderDocument>(spec.Id, cancellationToken) is not null)
        {
            return ProviderOutcome.Fail(ProviderFailure.AlreadyExists, $"A provider '{spec.Id}' already exists; update it with PUT.");
        }

        var (type, typeProblem) = await TypeAsync(spec.Connector, cancellationToken);
        if (type is null)
        {
            return typeProblem!;
        }

        var secretNames = ProviderFactory.SecretOptionNames(type);
        var (built, refused) = ProviderFactory.Build(type, spec, ProviderOrigin.Tenant);
        if (built is null)
        {
            return Invalid(refused);
        }

        var now = clock.GetUtcNow();
        var document = new ProviderDocument { Id = spec.Id, Connector = spec.Connector, CreatedAt = now };
        Apply(document, spec, spec.ApiKey, secretNames, now);
        session.Insert(document);
        await session.SaveChangesAsync(cancellationToken);
        directory.Invalidate(Tenant);
        return ProviderOutcome.Ok(new ProviderEntry(document.Id, ProviderOrigin.Tenant, built, null, document, null));
    }

    /// <summary>Replaces the provider. An omitted <c>apiKey</c> (or secret option) keeps the stored one; null clears it.</summary>
    public async Task<ProviderOutcome> UpdateAsync(string id, string ifMatch, JsonObject body, CancellationToken cancellationToken)
    {
        if (await ReadOnlyAsync(id, cancellationToken) is { } readOnly)
        {
            return readOnly;
        }

        var document = await session.LoadAsync<ProviderDocument>(id, cancellationToken);
        if (document is null)
        {
            return ProviderOutcome.Fail(ProviderFailure.NotFound, $"No provider '{id}'.");
        }

        if (ifMatch != "*" && ifMatch != document.ETag)
        {
            return ProviderOutcome.Fail(ProviderFailure.StaleETag,
                $"The provider changed since you read it (current ETag {document.ETag}); reload it and reapply your change.");
        }

        var (spec, errors) = ProviderSpecReader.Read(body, urlId: id);
        if (spec is null)
        {
            return Invalid(errors);
        }

        if (await EgressProblemAsync(spec, cancellationToken) is { } egressRefusal)
        {
            return egressRefusal;
        }

        var (type, typeProblem) = await TypeAsync(spec.Connector, cancellationToken);
        if (type is null)
        {
            return typeProblem!;
        }

        var secretNames = ProviderFactory.SecretOptionNames(type);
        ProviderSpec stored;
        try
        {
            stored = directory.ToSpec(Tenant, document);
        }
        catch (SecretUnreadableException unreadable)
        {
            if (!spec.ApiKeyGiven)
            {
                return Invalid([new FieldError("apiKey", "required", unreadable.Message)]);
            }

            stored = spec with { ApiKey = null, Options = [] };
        }

        // A stored key is bound to its endpoint: sending it to a new address needs the key to be given again, or an
        // admin could point the provider at a server of their own and receive the key with the next call.
        var sameEndpoint = stored.Endpoint == spec.Endpoint;
        if (!sameEndpoint && !spec.ApiKeyGiven && stored.ApiKey is not null)
        {
            return Invalid([new FieldError("apiKey", "required",
                "The endpoint changed: send the key again (or null to clear it); a stored key never follows a new endpoint.")]);
        }

        // Secrets not sent are kept only when the connector and the endpoint are unchanged.
        var sameConnector = stored.Connector == spec.Connector && sameEndpoint;
        var apiKey = spec.ApiKeyGiven ? spec.ApiKey : stored.ApiKey;
        var options = (JsonObject)spec.Options.DeepClone();
        foreach (var name in secretNames)
        {
            if (!options.ContainsKey(name) && sameConnector && stored.Options[name] is { } kept)
            {
                options[name] = kept.DeepClone();
            }
            else if (options.ContainsKey(name) && options[name] is null)
            {
                options.Remove(name);
            }
        }

        var full = spec with { ApiKey = apiKey, ApiKeyGiven = apiKey is not null, Options = options };
        var (built, refused) = ProviderFactory.Build(type, full, ProviderOrigin.Tenant);
        if (built is null)
        {
            return Invalid(refused);
        }

        document.Connector = spec.Connector;
        Apply(document, full, apiKey, secretNames, clock.GetUtcNow());
        document.Revision++;
        session.Store(document);
        await session.SaveChangesAsync(cancellationToken);
        directory.Invalidate(Tenant);
        return ProviderOutcome.Ok(new ProviderEntry(document.Id, ProviderOrigin.Tenant, built, null, document, null));
    }

    public async Task<ProviderOutcome> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        if (await ReadOnlyAsync(id, cancellationToken) is { } readOnly)
        {
            return readOnly;
        }

        var document = await session.LoadAsync<ProviderDocument>(id, cancellationToken);
        if (document is null)
        {
            return ProviderOutcome.Fail(ProviderFailure.NotFound, $"No provider '{id}'.");
        }

        session.Delete(document);
        await session.SaveChangesAsync(cancellationToken);
        directory.Invalidate(Tenant);
        return ProviderOutcome.Ok(new ProviderEntry(document.Id, ProviderOrigin.Tenant, null, null, document, null));
    }

    private void Apply(ProviderDocument document, ProviderSpec spec, string? apiKey, IReadOnlySet<string> secretNames, DateTimeOffset now)
    {
        var plain = new JsonObject();
        var secret = new JsonObject();
        foreach (var (name, value) in spec.Options)
        {
            (secretNames.Contains(name) ? secret : plain)[name] = value?.DeepClone();
        }

        document.Endpoint = spec.Endpoint?.AbsoluteUri;
        document.Model = spec.Model;
        document.ApiKeyCipher = apiKey is null ? null : secrets.Protect(Tenant, document.Id, apiKey);
        document.SecretOptionsCipher = secret.Count == 0 ? null : secrets.Protect(Tenant, document.Id, secret.ToJsonString());
        document.SecretOptionNames = [.. secret.Select(p => p.Key).Order(StringComparer.Ordinal)];
        document.Capabilities = spec.Capabilities?.ToList();
        document.Tags = new Dictionary<string, string>(spec.Tags, StringComparer.Ordinal);
        document.InputCostPer1kTokens = spec.InputCostPer1kTokens;
        document.OutputCostPer1kTokens = spec.OutputCostPer1kTokens;
        document.ContextWindow = spec.ContextWindow;
        document.OptionsJson = plain.ToJsonString();
        document.UpdatedAt = now;
    }

    private async Task<ProviderOutcome?> ReadOnlyAsync(string id, CancellationToken cancellationToken) =>
        await directory.FindServiceWideAsync(id, cancellationToken) is { } serviceWide
            ? ProviderOutcome.Fail(ProviderFailure.ReadOnly,
                $"Provider '{id}' is declared by the service ({(serviceWide.Origin == ProviderOrigin.File ? "the providers file" : "configuration")}, origin {serviceWide.Origin}); change it there.")
            : null;

    private async Task<(IConnectorType? Type, ProviderOutcome? Problem)> TypeAsync(string connector, CancellationToken cancellationToken)
    {
        var type = await types.FindAsync(Tenant, connector, cancellationToken);
        if (type is not null)
        {
            return (type, null);
        }

        var known = await types.ListAsync(Tenant, cancellationToken);
        return (null, Invalid([new FieldError("connector", "unknown",
            $"no connector type '{connector}' (available: {string.Join(", ", known.Select(t => t.Name))}).")]));
    }

    private async Task<ProviderOutcome?> EgressProblemAsync(ProviderSpec spec, CancellationToken cancellationToken) =>
        spec.Endpoint is { } endpoint && await egress.RefusalAsync(endpoint, cancellationToken) is { } refusal
            ? Invalid([new FieldError("endpoint", "egress", refusal)])
            : null;

    private static ProviderOutcome Invalid(IReadOnlyList<FieldError> errors) =>
        ProviderOutcome.Fail(ProviderFailure.Invalid, $"The provider has {errors.Count} problem(s).", errors);
}
