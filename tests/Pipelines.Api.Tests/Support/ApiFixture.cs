using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Pipelines.Api.Auth;

namespace Pipelines.Api.Tests.Support;

/// <summary>One running API (in-process, real PostgreSQL) shared by the test classes of a collection.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private WebApplicationFactory<Program>? _factory;

    public string AdminKey { get; } = ApiKeySecret.Generate();

    public string ConnectionString { get; private set; } = "";

    public WebApplicationFactory<Program> Factory =>
        _factory ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.UseSetting("ConnectionStrings:Postgres", ConnectionString);
            web.UseSetting("Pipelines:AdminKey", AdminKey);
            web.ConfigureServices(services => services.AddSingleton<IStartupFilter, ThrowingRouteStartupFilter>());
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

        await TestPostgres.DropDatabaseAsync(ConnectionString);
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
