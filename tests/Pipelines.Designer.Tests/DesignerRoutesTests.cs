using System.Net.Http.Json;
using System.Text.Json;
using Pipelines.Testing;
using static Microsoft.Playwright.Assertions;

namespace Pipelines.Designer.Tests;

/// <summary>The Routes page: routes with their providers' live health, and a policy edit saved with If-Match.</summary>
[Collection(DesignerCollection.Name)]
public sealed class DesignerRoutesTests(DesignerFixture fixture)
{
    private static readonly string[] Both = ["sandbox-primary", "sandbox-backup"];
    private static readonly string[] Unavailable = ["unavailable"];
    private static readonly string[] BackupOnly = ["sandbox-backup"];
    private static readonly string[] PrimaryOnly = ["sandbox-primary"];

    [Fact]
    public async Task Routes_page_shows_providers_health_and_saves_an_edited_policy()
    {
        SetDefaultExpectTimeout(15_000);
        using var client = fixture.Client();
        var name = TestDefinitions.NewId("route");
        (await client.PostAsJsonAsync("/api/v1/routes", new
        {
            name,
            description = "Support chat",
            providers = Both,
            policy = new { strategy = "ordered", swapOn = Unavailable, deadline = "30s" },
        })).EnsureSuccessStatusCode();

        var page = await fixture.NewSignedInPageAsync("#/routes");
        var card = page.GetByTestId($"route-{name}");
        await Expect(card).ToBeVisibleAsync();
        await Expect(page.GetByTestId($"route-{name}-provider-sandbox-primary")).ToContainTextAsync("health");
        await Expect(page.GetByTestId($"route-{name}-provider-sandbox-backup")).ToBeVisibleAsync();
        await Expect(page.GetByTestId($"route-{name}-policy")).ToContainTextAsync("ordered · swap on unavailable · deadline 30s");

        await page.GetByTestId($"route-{name}-edit").ClickAsync();
        await page.GetByTestId("policy-strategy").SelectOptionAsync("health-ranked");
        await page.GetByTestId("policy-swap-timeout").CheckAsync();
        await page.GetByTestId("policy-deadline").FillAsync("12s");
        await DesignerFixture.ScreenshotAsync(page, "designer-routes-edit");
        await page.GetByTestId("policy-save").ClickAsync();

        await Expect(page.GetByTestId("routes-message")).ToContainTextAsync($"Saved route {name} (v2)");
        await Expect(page.GetByTestId($"route-{name}-policy")).ToContainTextAsync("health-ranked · swap on unavailable, timeout · deadline 12s");
        var saved = await client.GetAsync($"/api/v1/routes/{name}");
        var view = await saved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("\"v2\"", saved.ETag());
        Assert.Equal("health-ranked", view.GetProperty("policy").GetProperty("strategy").GetString());
        Assert.Equal(["unavailable", "timeout"], view.GetProperty("policy").GetProperty("swapOn").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("12s", view.GetProperty("policy").GetProperty("deadline").GetString());
        Assert.Equal("Support chat", view.GetProperty("description").GetString());

        // A stale read is refused (412) and reloaded, not overwritten.
        (await PutAsync(client, $"/api/v1/routes/{name}", new
        {
            name,
            description = "Support chat",
            providers = BackupOnly,
            policy = new { strategy = "ordered" },
        }, "\"v2\"")).EnsureSuccessStatusCode();
        await page.GetByTestId($"route-{name}-edit").ClickAsync();
        await page.GetByTestId("policy-deadline").FillAsync("5s");
        (await PutAsync(client, $"/api/v1/routes/{name}", new { name, providers = PrimaryOnly }, "\"v3\"")).EnsureSuccessStatusCode();
        await page.GetByTestId("policy-save").ClickAsync();
        await Expect(page.GetByTestId("policy-error")).ToContainTextAsync("Someone changed this route");
        await page.Context.CloseAsync();
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, string path, object body, string ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }
}
