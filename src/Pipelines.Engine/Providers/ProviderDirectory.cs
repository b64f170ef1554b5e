using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipelines.Connectors;
using Pipelines.Routing;

namespace Pipelines.Engine.Providers;

/// <summary>
/// A provider as the registry knows it: the routable provider (null when it cannot be built, with the reason in
/// <see cref="Problem"/>), and what it was declared from: a file entry (<see cref="Spec"/>) or a tenant's document.
/// </summary>
public sealed record ProviderEntry(
    string Id, ProviderOrigin Origin, RegisteredProvider? Provider, ProviderSpec? Spec, ProviderDocument? Document, string? Problem);

/// <summary>
/// The providers a tenant can route to: the service-wide ones (connector configuration and the providers file, shared by
/// every tenant) plus the tenant's own documents. Built connectors are cached by (tenant, id, revision), so their HTTP
/// clients live as long as the provider does not change. A tenant's documents are read at most once per
/// <see cref="ProviderRegistryOptions.CacheSeconds"/> per process, and at once after a change made through this process.
/// </summary>
public sealed partial class ProviderDirectory(
    IEnumerable<IProviderSource> sources,
    ConnectorTypes types,
    IDocumentStore store,
    ProviderSecrets secrets,
    IOptions<ProviderRegistryOptions> options,
    TimeProvider clock,
    ILogger<ProviderDirectory> logger) : IProviderDirectory, IDisposable
{
    /// <summary>The tenant id under which service-wide providers look their connector types up.</summary>
    public const string ServiceTenant = "*";

    private readonly SemaphoreSlim _serviceWideLock = new(1, 1);
    private readonly ConcurrentDictionary<string, Task<TenantProviders>> _tenants = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Tenant, string Id), ProviderEntry> _built = new();
    private IReadOnlyDictionary<string, ProviderEntry>? _serviceWide;

    public async ValueTask<RegisteredProvider?> FindAsync(string tenantId, string providerId, CancellationToken cancellationToken) =>
        (await FindEntryAsync(tenantId, providerId, cancellationToken))?.Provider;

    public async ValueTask<IReadOnlyList<RegisteredProvider>> ListAsync(string tenantId, CancellationToken cancellationToken) =>
        [.. (await ListEntriesAsync(tenantId, cancellationToken)).Select(e => e.Provider).OfType<RegisteredProvider>()];

    public async Task<ProviderEntry?> FindEntryAsync(string tenantId, string providerId, CancellationToken cancellationToken)
    {
        var serviceWide = await ServiceWideAsync(cancellationToken);
        return serviceWide.GetValueOrDefault(providerId) ?? (await TenantAsync(tenantId, cancellationToken)).GetValueOrDefault(providerId);
    }

    /// <summary>Every provider the tenant sees, by id; a tenant's provider whose id a service-wide one took later is hidden.</summary>
    public async Task<IReadOnlyList<ProviderEntry>> ListEntriesAsync(string tenantId, CancellationToken cancellationToken)
    {
        var serviceWide = await ServiceWideAsync(cancellationToken);
        var own = await TenantAsync(tenantId, cancellationToken);
        return [.. serviceWide.Values.Concat(own.Values.Where(e => !serviceWide.ContainsKey(e.Id))).OrderBy(e => e.Id, StringComparer.Ordinal)];
    }

    /// <summary>The service-wide provider with this id (configuration or file), if any: tenants cannot take its id.</summary>
    public async Task<ProviderEntry?> FindServiceWideAsync(string providerId, CancellationToken cancellationToken) =>
        (await ServiceWideAsync(cancellationToken)).GetValueOrDefault(providerId);

    /// <summary>Forget the tenant's cached providers: the next lookup reads them again (after a write through this process).</summary>
    public void Invalidate(string tenantId) => _tenants.TryRemove(tenantId, out _);

    /// <summary>
    /// Loads the configured providers and the providers file; throws, naming every problem, when the file is unusable,
    /// so a bad file stops the service at start instead of failing runs later.
    /// </summary>
    public async Task LoadServiceWideAsync(CancellationToken cancellationToken) => await ServiceWideAsync(cancellationToken);

    public void Dispose() => _serviceWideLock.Dispose();

    private async ValueTask<IReadOnlyDictionary<string, ProviderEntry>> ServiceWideAsync(CancellationToken cancellationToken)
    {
        if (_serviceWide is { } loaded)
        {
            return loaded;
        }

        await _serviceWideLock.WaitAsync(cancellationToken);
        try
        {
            return _serviceWide ??= await LoadServiceWideCoreAsync(cancellationToken);
        }
        finally
        {
            _serviceWideLock.Release();
        }
    }

    private async Task<IReadOnlyDictionary<string, ProviderEntry>> LoadServiceWideCoreAsync(CancellationToken cancellationToken)
    {
        var entries = new Dictionary<string, ProviderEntry>(StringComparer.Ordinal);
        foreach (var connector in sources.SelectMany(s => s.Providers))
        {
            var provider = new RegisteredProvider(
                connector.ProviderId, connector, connector.Manifest, DefaultTags(connector.Manifest), ProviderOrigin.Configuration);
            entries[connector.ProviderId] = new ProviderEntry(connector.ProviderId, ProviderOrigin.Configuration, provider, null, null, null);
        }

        if (options.Value.File is not { Length: > 0 } path)
        {
            return entries;
        }

        var (specs, errors) = ProvidersFile.Read(path, Environment.GetEnvironmentVariable);
        var problems = errors.ToList();
        foreach (var spec in specs)
        {
            if (entries.ContainsKey(spec.Id))
            {
                problems.Add($"{path}: provider '{spec.Id}' is already configured in settings (Pipelines:Providers:…).");
                continue;
            }

            var type = await types.FindAsync(ServiceTenant, spec.Connector, cancellationToken);
            if (type is null)
            {
                problems.Add($"{path}: provider '{spec.Id}': connector (unknown): no connector type '{spec.Connector}'.");
                continue;
            }

            var (provider, refused) = ProviderFactory.Build(type, spec, ProviderOrigin.File);
            problems.AddRange(refused.Select(e => $"{path}: provider '{spec.Id}': {e.Field} ({e.Rule}): {e.Message}"));
            if (provider is not null)
            {
                entries[spec.Id] = new ProviderEntry(spec.Id, ProviderOrigin.File, provider, spec, null, null);
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                $"{ProviderRegistryOptions.SectionName}:File: {problems.Count} problem(s):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems));
        }

        LogFileLoaded(logger, specs.Count, path);
        return entries;
    }

    private async Task<IReadOnlyDictionary<string, ProviderEntry>> TenantAsync(string tenantId, CancellationToken cancellationToken)
    {
        var ttl = TimeSpan.FromSeconds(options.Value.CacheSeconds);
        if (_tenants.TryGetValue(tenantId, out var current))
        {
            if (!current.IsCompleted)
            {
                return (await current.WaitAsync(cancellationToken)).Entries;
            }

            if (current.IsCompletedSuccessfully && clock.GetUtcNow() - current.Result.LoadedAt <= ttl)
            {
                return current.Result.Entries;
            }
        }

        // Not bound to the caller's token: other callers may be waiting on the same load.
        var load = LoadTenantAsync(tenantId);
        var winner = current is null
            ? _tenants.GetOrAdd(tenantId, load)
            : _tenants.TryUpdate(tenantId, load, current) ? load : _tenants.GetOrAdd(tenantId, load);
        return (await winner.WaitAsync(cancellationToken)).Entries;
    }

    private async Task<TenantProviders> LoadTenantAsync(string tenantId)
    {
        var loadedAt = clock.GetUtcNow();
        IReadOnlyList<ProviderDocument> documents;
        await using (var session = store.QuerySession(tenantId))
        {
            documents = await session.Query<ProviderDocument>().ToListAsync();
        }

        var entries = new Dictionary<string, ProviderEntry>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            var key = (tenantId, document.Id);
            if (!_built.TryGetValue(key, out var entry) || entry.Document?.Revision != document.Revision)
            {
                entry = await BuildAsync(tenantId, document);
                _built[key] = entry;
            }

            entries[document.Id] = entry;
        }

        foreach (var stale in _built.Keys.Where(k => k.Tenant == tenantId && !entries.ContainsKey(k.Id)))
        {
            _built.TryRemove(stale, out _);
        }

        return new TenantProviders(loadedAt, entries);
    }

    private async Task<ProviderEntry> BuildAsync(string tenantId, ProviderDocument document)
    {
        string? problem;
        RegisteredProvider? provider = null;
        var type = await types.FindAsync(tenantId, document.Connector, CancellationToken.None);
        if (type is null)
        {
            problem = $"connector: no connector type '{document.Connector}' is available.";
        }
        else
        {
            try
            {
                var spec = ToSpec(tenantId, document);
                var (built, errors) = ProviderFactory.Build(type, spec, ProviderOrigin.Tenant);
                provider = built;
                problem = errors.Count == 0 ? null : string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}"));
            }
            catch (SecretUnreadableException unreadable)
            {
                problem = unreadable.Message;
            }
        }

        if (problem is not null)
        {
            LogUnusable(logger, tenantId, document.Id, problem);
        }

        return new ProviderEntry(document.Id, ProviderOrigin.Tenant, provider, null, document, problem);
    }

    /// <summary>The document as a spec with its secrets decrypted: only ever handed to the connector type.</summary>
    internal ProviderSpec ToSpec(string tenantId, ProviderDocument document)
    {
        var apiKey = document.ApiKeyCipher is { } cipher ? secrets.Unprotect(tenantId, document.Id, cipher) : null;
        var options = JsonNode.Parse(document.OptionsJson) as JsonObject ?? [];
        if (document.SecretOptionsCipher is { } secretCipher
            && JsonNode.Parse(secrets.Unprotect(tenantId, document.Id, secretCipher)) is JsonObject secretOptions)
        {
            foreach (var (name, value) in secretOptions)
            {
                options[name] = value?.DeepClone();
            }
        }

        return new ProviderSpec(
            document.Id,
            document.Connector,
            document.Endpoint is null ? null : new Uri(document.Endpoint),
            document.Model,
            apiKey is not null,
            apiKey,
            null,
            document.Capabilities,
            document.Tags,
            document.InputCostPer1kTokens,
            document.OutputCostPer1kTokens,
            document.ContextWindow,
            options);
    }

    /// <summary>Local models run in this process: tag them so residency and locality constraints can select them.</summary>
    private static Dictionary<string, string> DefaultTags(ProviderManifest manifest) =>
        manifest.Connector == "onnx"
            ? new Dictionary<string, string>(StringComparer.Ordinal) { ["locality"] = "local", ["residency"] = "local" }
            : new Dictionary<string, string>(StringComparer.Ordinal);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} provider(s) from the providers file {Path}")]
    private static partial void LogFileLoaded(ILogger logger, int count, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Provider {Tenant}/{Provider} cannot be used: {Problem}")]
    private static partial void LogUnusable(ILogger logger, string tenant, string provider, string problem);

    private sealed record TenantProviders(DateTimeOffset LoadedAt, IReadOnlyDictionary<string, ProviderEntry> Entries);
}
