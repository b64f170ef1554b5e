using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipelines.Api.Auth;

using Pipelines.Testing;

namespace Pipelines.Api.Tests.Support;

/// <summary>One running API (in-process, real PostgreSQL) shared by the test classes of a collection.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private WebApplicationFactory<Program>? _factory;

    public const int MaxForeachItems = 100;
    public const int MaxOutputBytes = 512 * 1024;
    public const int MaxLiveStreamsPerTenant = 5;

    public string AdminKey { get; } = ApiKeySecret.Generate();

    public string ConnectionString { get; private set; } = "";

    public SandboxServer Sandbox { get; private set; } = null!;

    public ProbeExecutor Probe { get; } = new();

    /// <summary>Every log entry of the API, down to Debug.</summary>
    public LogCapture Logs { get; } = new();

    public WebApplicationFactory<Program> Factory =>
        _factory ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync();
        Sandbox = await SandboxServer.StartAsync();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.UseSetting("ConnectionStrings:Postgres", ConnectionString);
            web.UseSetting("Pipelines:AdminKey", AdminKey);
            web.UseSetting(LoopbackEgress.Setting, LoopbackEgress.Value);
            // Low enough that the limit tests stay small and quick; far above what the other tests produce.
            web.UseSetting("Pipelines:Workers:MaxForeachItems", MaxForeachItems.ToString(System.Globalization.CultureInfo.InvariantCulture));
            web.UseSetting("Pipelines:Workers:MaxOutputBytes", MaxOutputBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
            web.UseSetting("Pipelines:MaxLiveStreamsPerTenant", MaxLiveStreamsPerTenant.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var (provider, model) in new[] { ("sandbox-primary", "primary"), ("sandbox-backup", "backup"), ("gw-primary", "gw-primary"), ("gw-backup", "gw-backup") })
            {
                web.UseSetting($"Pipelines:Providers:OpenAI:Providers:{provider}:Endpoint", Sandbox.OpenAiEndpoint.ToString());
                web.UseSetting($"Pipelines:Providers:OpenAI:Providers:{provider}:Model", model);
                web.UseSetting($"Pipelines:Providers:OpenAI:Providers:{provider}:TimeoutSeconds", "5");
            }

            // Gateway routes as an operator would declare them; the gateway tests own the gw-* providers.
            web.UseSetting("Pipelines:Gateway:Routes:chat-ha:Providers:0", "gw-primary");
            web.UseSetting("Pipelines:Gateway:Routes:chat-ha:Providers:1", "gw-backup");
            web.UseSetting("Pipelines:Gateway:Routes:embed-local:Providers:0", "local-minilm");
            web.UseSetting("Pipelines:Gateway:Routes:chat-plain:Providers:0", PlainChatProvider.Id);
            web.UseSetting("Pipelines:Routing:TimeToFirstToken", "00:00:03");
            web.UseSetting("Pipelines:Routing:StallTimeout", "00:00:02");
            web.ConfigureLogging(logging => logging.AddProvider(Logs).AddFilter<LogCapture>(null, LogLevel.Debug));
            web.ConfigureServices(services =>
            {
                services.AddSingleton<IStartupFilter, ThrowingRouteStartupFilter>();
                services.AddSingleton<Pipelines.Connectors.IStepExecutor>(Probe);
                services.AddSingleton<Pipelines.Connectors.IProviderSource, PlainChatProvider>();
            });
        });
        _ = _factory.Server;
    }

    public HttpClient Anonymous() => Factory.CreateClient();

    public HttpClient Admin() => WithKey(AdminKey);

    public HttpClient WithKey(string key)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyDefaults.HeaderName, key);
        return client;
    }

    /// <summary>Issues a key through the API itself, as an admin would.</summary>
    public async Task<string> CreateKeyAsync(Role role, string? tenant = null)
    {
        var response = await Admin().PostAsJsonAsync("/api/v1/keys", new { name = $"test {role}", role = role.ToString(), tenant });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return body.GetProperty("key").GetString()!;
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await Sandbox.DisposeAsync();
        await TestPostgres.DropDatabaseAsync(ConnectionString);
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
