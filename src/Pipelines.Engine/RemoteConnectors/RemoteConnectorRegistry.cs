using JasperFx;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pipelines.Connectors;
using Pipelines.Connectors.Conformance;
using Pipelines.Connectors.Remote;
using Pipelines.Engine.Egress;

namespace Pipelines.Engine.RemoteConnectors;

/// <summary>The outcome of registering a remote connector.</summary>
public abstract record RegistrationOutcome
{
    public sealed record Registered(RemoteConnectorDocument Connector, ConformanceReport Report) : RegistrationOutcome;

    /// <summary>The suite failed (including: the URL did not answer); nothing was stored.</summary>
    public sealed record Refused(ConformanceReport Report) : RegistrationOutcome;

    /// <summary>The URL is one the egress policy refuses (a loopback, private or link-local address); nothing was called.</summary>
    public sealed record Forbidden(string Reason) : RegistrationOutcome;

    /// <summary>The name is taken, by an in-process connector type or an earlier registration.</summary>
    public sealed record NameTaken(string Reason) : RegistrationOutcome;
}

/// <summary>
/// Accepts a remote connector only after the conformance suite passes against its URL, then stores it for the tenant.
/// The suite runs before any write, so a refused connector leaves nothing behind.
/// </summary>
public sealed class RemoteConnectorRegistry(
    IDocumentStore store,
    IEnumerable<IConnectorType> inProcess,
    IOptions<RemoteConnectorOptions> options,
    EgressPolicy egress,
    [FromKeyedServices(RemoteHttp.ClientKey)] HttpClient http,
    TimeProvider clock)
{
    public async Task<RegistrationOutcome> RegisterAsync(
        string tenantId, string name, Uri url, string? secret, string? registeredBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (inProcess.Any(t => t.Name == name))
        {
            return new RegistrationOutcome.NameTaken($"'{name}' is the name of an in-process connector type.");
        }

        await using (var query = store.QuerySession(tenantId))
        {
            if (await query.LoadAsync<RemoteConnectorDocument>(name, cancellationToken) is not null)
            {
                return new RegistrationOutcome.NameTaken($"A connector named '{name}' is already registered; delete it first to register it again.");
            }
        }

        if (await egress.RefusalAsync(url, cancellationToken) is { } refusal)
        {
            return new RegistrationOutcome.Forbidden(refusal);
        }

        // The suite's client obeys the egress policy on every connection, so a name re-resolved later is checked too.
        var report = await ConformanceSuite.RunAsync(
            url,
            new ConformanceOptions { Secret = secret, Deadline = TimeSpan.FromSeconds(options.Value.CheckDeadlineSeconds) },
            http,
            cancellationToken);
        if (!report.Passed || report.Manifest is null)
        {
            return new RegistrationOutcome.Refused(report);
        }

        RemoteManifest manifest;
        try
        {
            // The suite and the client read the protocol independently; store only what the client can use.
            manifest = RemoteManifest.Parse(report.Manifest);
        }
        catch (ConnectorException exception)
        {
            return new RegistrationOutcome.Refused(report with
            {
                Checks = [.. report.Checks, new ConformanceCheck("client.manifest", CheckStatus.Failed, exception.Message)],
            });
        }

        var document = new RemoteConnectorDocument
        {
            Id = name,
            Url = url.AbsoluteUri,
            ManifestName = manifest.Name,
            Version = manifest.Version,
            ManifestJson = report.Manifest.ToJsonString(),
            Capabilities = manifest.Capabilities,
            RegisteredAt = clock.GetUtcNow(),
            RegisteredBy = registeredBy,
        };
        await using var session = store.LightweightSession(tenantId);
        session.Insert(document);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (DocumentAlreadyExistsException)
        {
            return new RegistrationOutcome.NameTaken($"A connector named '{name}' was registered meanwhile.");
        }

        return new RegistrationOutcome.Registered(document, report);
    }

    public async Task<bool> DeleteAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession(tenantId);
        if (await session.LoadAsync<RemoteConnectorDocument>(name, cancellationToken) is null)
        {
            return false;
        }

        session.Delete<RemoteConnectorDocument>(name);
        await session.SaveChangesAsync(cancellationToken);
        return true;
    }
}
