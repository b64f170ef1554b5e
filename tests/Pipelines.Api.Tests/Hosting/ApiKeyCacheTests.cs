using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Pipelines.Api.Auth;
using Pipelines.Api.Tests.Support;

namespace Pipelines.Api.Tests.Hosting;

/// <summary>
/// API keys are checked from an in-process cache; a revocation reaches every process over LISTEN/NOTIFY. A second
/// API on the same database (its own host, cache and listener) stands for another process.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ApiKeyCacheTests(ApiFixture api)
{
    [Fact]
    public async Task UseKey_AfterItsRowIsDeletedBehindTheCache_StillAuthenticatesWithoutReadingTheDatabase()
    {
        // Arrange: the key is used once (and cached), then its row disappears without any notification.
        var key = await api.CreateKeyAsync(Role.Viewer);
        var client = api.WithKey(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/me")).StatusCode);
        var store = api.Factory.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            session.Delete<ApiKeyRecord>(ApiKeySecret.Hash(key));
            await session.SaveChangesAsync();
        }

        // Act
        var again = await client.GetAsync("/api/v1/me");

        // Assert: the database no longer knows the key, so only the cache can have answered.
        await using var check = store.QuerySession();
        Assert.Null(await check.LoadAsync<ApiKeyRecord>(ApiKeySecret.Hash(key)));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task RevokeKey_ThroughAnotherProcess_CachedKeyStopsWorkingWithinOneSecond()
    {
        // Arrange: this process has the key cached; another process on the same database revokes it.
        var key = await api.CreateKeyAsync(Role.Viewer);
        var client = api.WithKey(key);
        var keyId = (await client.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("keyId").GetString();
        await using var other = api.Factory.WithWebHostBuilder(_ => { });
        using var otherAdmin = other.CreateClient();
        otherAdmin.DefaultRequestHeaders.Add(ApiKeyDefaults.HeaderName, api.AdminKey);

        // Act
        var revoke = await otherAdmin.DeleteAsync($"/api/v1/keys/{keyId}");
        var watch = Stopwatch.StartNew();
        var status = HttpStatusCode.OK;
        while (watch.Elapsed < TimeSpan.FromSeconds(3) && status == HttpStatusCode.OK)
        {
            status = (await client.GetAsync("/api/v1/me")).StatusCode;
            if (status == HttpStatusCode.OK)
            {
                await Task.Delay(20);
            }
        }

        // Assert
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"The revoked key still worked here {watch.ElapsedMilliseconds} ms after the other process revoked it.");
    }
}
