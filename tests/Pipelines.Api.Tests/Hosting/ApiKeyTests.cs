using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pipelines.Api.Auth;
using Pipelines.Api.Tests.Support;

namespace Pipelines.Api.Tests.Hosting;

[Collection(ApiCollection.Name)]
public sealed class ApiKeyTests(ApiFixture api)
{
    [Fact]
    public async Task Get_ApiRouteWithoutKey_Returns401ProblemJson()
    {
        // Act
        var response = await api.Anonymous().GetAsync("/api/v1/me");

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task BootstrapKey_RevokedThenServiceRestartedWithTheSameConfiguration_StaysRevoked()
    {
        // Arrange: a service started with its own bootstrap key, which then revokes itself.
        var bootstrap = ApiKeySecret.Generate();
        await using (var first = api.Factory.WithWebHostBuilder(web => web.UseSetting("Pipelines:AdminKey", bootstrap)))
        {
            using var admin = first.CreateClient();
            admin.DefaultRequestHeaders.Add(ApiKeyDefaults.HeaderName, bootstrap);
            var keyId = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("keyId").GetString();
            (await admin.DeleteAsync($"/api/v1/keys/{keyId}")).EnsureSuccessStatusCode();
        }

        // Act: the service restarts with the same configuration.
        await using var restarted = api.Factory.WithWebHostBuilder(web => web.UseSetting("Pipelines:AdminKey", bootstrap));
        using var client = restarted.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyDefaults.HeaderName, bootstrap);
        var response = await client.GetAsync("/api/v1/me");

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Get_ApiRouteWithUnknownKey_Returns401()
    {
        // Act
        var response = await api.WithKey(ApiKeySecret.Generate()).GetAsync("/api/v1/me");

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task CreateKey_ThenUseIt_IdentifiesTenantAndRoleAndIsListedWithoutSecret()
    {
        // Arrange
        var key = await api.CreateKeyAsync(Role.Viewer);

        // Act
        var me = await api.WithKey(key).GetFromJsonAsync<JsonElement>("/api/v1/me");
        var listing = await api.Admin().GetStringAsync("/api/v1/keys");

        // Assert
        Assert.Equal("default", me.GetProperty("tenant").GetString());
        Assert.Equal("Viewer", me.GetProperty("role").GetString());
        Assert.Contains(me.GetProperty("keyId").GetString()!, listing, StringComparison.Ordinal);
        Assert.DoesNotContain(key, listing, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKeySecret.Hash(key), listing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateKey_AsViewer_Returns403ProblemJson()
    {
        // Arrange
        var viewer = api.WithKey(await api.CreateKeyAsync(Role.Viewer));

        // Act
        var response = await viewer.PostAsJsonAsync("/api/v1/keys", new { name = "x", role = "Admin" });

        // Assert
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task CreateKey_WithInvalidFields_Returns400NamingEachField()
    {
        // Act
        var response = await api.Admin().PostAsJsonAsync("/api/v1/keys", new { name = "", tenant = "Not A Tenant" });

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("role", out _));
        Assert.True(errors.TryGetProperty("tenant", out _));
    }

    [Fact]
    public async Task RevokeKey_ThenUseIt_Returns401()
    {
        // Arrange
        var key = await api.CreateKeyAsync(Role.Author);
        var keyId = (await api.WithKey(key).GetFromJsonAsync<JsonElement>("/api/v1/me")).GetProperty("keyId").GetString();

        // Act
        var revoke = await api.Admin().DeleteAsync($"/api/v1/keys/{keyId}");
        var afterwards = await api.WithKey(key).GetAsync("/api/v1/me");

        // Assert
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterwards.StatusCode);
    }

    [Fact]
    public async Task ListKeys_AsAdminOfOtherTenant_SeesOnlyItsOwnKeys()
    {
        // Arrange
        var otherAdmin = api.WithKey(await api.CreateKeyAsync(Role.Admin, tenant: "acme"));

        // Act
        var keys = await otherAdmin.GetFromJsonAsync<JsonElement>("/api/v1/keys");

        // Assert
        Assert.All(keys.EnumerateArray(), k => Assert.Equal("acme", k.GetProperty("tenant").GetString()));
        Assert.Single(keys.EnumerateArray());
    }
}
