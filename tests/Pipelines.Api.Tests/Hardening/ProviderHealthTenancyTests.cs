using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Pipelines.Api.Auth;
using Pipelines.Api.Tests.Support;
using Pipelines.Connectors;
using Pipelines.Routing.Health;

namespace Pipelines.Api.Tests.Hardening;

/// <summary>A service-wide provider is shared; the refusals counted against one tenant's steps are not.</summary>
[Collection(ApiCollection.Name)]
public sealed class ProviderHealthTenancyTests(ApiFixture api)
{
    [Fact]
    public async Task Health_OfServiceWideProvider_ShowsOnlyTheCallersTenantsRefusalScopes()
    {
        // Arrange: refusals recorded as the router records them, one in the default tenant, one in tenant A.
        var health = api.Factory.Services.GetRequiredService<HealthRegistry>();
        health.Record("sandbox-backup", new Observation("chat", OutcomeClass.Filtered, 5, Scope: RefusalScopes.Key("default", "own-pipeline/own-step")));
        health.Record("sandbox-backup", new Observation("chat", OutcomeClass.Filtered, 5, Scope: RefusalScopes.Key("tenant-a", "secret-pipeline/secret-step")));
        var tenantB = api.WithKey(await api.CreateKeyAsync(Role.Viewer, "tenant-b"));

        // Act
        var ownView = await api.Admin().GetFromJsonAsync<JsonElement>("/api/v1/providers/sandbox-backup/health");
        var otherText = await tenantB.GetStringAsync("/api/v1/providers/sandbox-backup/health");

        // Assert
        var own = ownView.GetProperty("refusalsByScope");
        Assert.True(own.TryGetProperty("own-pipeline/own-step", out _));
        Assert.False(own.TryGetProperty("secret-pipeline/secret-step", out _));
        Assert.DoesNotContain("secret-pipeline", otherText, StringComparison.Ordinal);
        Assert.DoesNotContain("own-pipeline", otherText, StringComparison.Ordinal);
        Assert.Empty(JsonDocument.Parse(otherText).RootElement.GetProperty("refusalsByScope").EnumerateObject());
    }
}
