using System.Text.Json;
using Pipelines.Api.Tests.Support;

namespace Pipelines.Api.Tests.Providers;

[Collection(ApiCollection.Name)]
public sealed class ProvidersApiTests(ApiFixture api)
{
    [Fact]
    public async Task List_ShowsConfiguredProvidersAndCapabilities_NeverTheirSettings()
    {
        // Act
        var body = await api.Admin().GetStringAsync("/api/v1/providers");
        var providers = JsonSerializer.Deserialize<JsonElement>(body);

        // Assert
        var primary = providers.EnumerateArray().Single(p => p.GetProperty("id").GetString() == "sandbox-primary");
        Assert.Equal(["chat"], primary.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
        Assert.DoesNotContain(api.Sandbox.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), body, StringComparison.Ordinal);
    }
}
