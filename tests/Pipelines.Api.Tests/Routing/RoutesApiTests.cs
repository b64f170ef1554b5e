using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Pipelines.Api.Auth;
using Pipelines.Api.Tests.Support;
using Pipelines.Testing;

namespace Pipelines.Api.Tests.Routing;

/// <summary>Routes as tenant resources: CRUD with ETags, validation naming pointer and rule, tenancy, and the gateway using them.</summary>
[Collection(ApiCollection.Name)]
public sealed class RoutesApiTests(ApiFixture api)
{
    private static readonly string[] SwapOnTimeout = ["timeout"];
    private static readonly string[] PrimaryOnly = ["sandbox-primary"];

    private readonly HttpClient _admin = api.Admin();

    private static object Route(string name, string[]? providers = null, object? policy = null) => new
    {
        name,
        description = "chat for the support team",
        providers = providers ?? ["sandbox-primary", "sandbox-backup"],
        policy = policy ?? new { strategy = "ordered", swapOn = new[] { "unavailable", "rate_limited" }, deadline = "20s" },
        constraints = new { residency = Array.Empty<string>() },
    };

    [Fact]
    public async Task Create_ValidRoute_Returns201WithETag_ThenGetAndListShowItWithWhoChangedIt()
    {
        // Arrange
        var name = TestDefinitions.NewId("route");

        // Act
        var created = await _admin.PostAsJsonAsync("/api/v1/routes", Route(name));
        var got = await _admin.GetAsync($"/api/v1/routes/{name}");
        var list = await _admin.GetFromJsonAsync<JsonElement>("/api/v1/routes");

        // Assert
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/v1/routes/{name}", created.Headers.Location?.ToString());
        Assert.Equal("\"v1\"", created.ETag());
        Assert.Equal("\"v1\"", got.ETag());
        var view = await got.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Tenant", view.GetProperty("origin").GetString());
        Assert.Equal(["sandbox-primary", "sandbox-backup"], view.GetProperty("providers").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(["unavailable", "rate_limited"], view.GetProperty("policy").GetProperty("swapOn").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("20s", view.GetProperty("policy").GetProperty("deadline").GetString());
        Assert.StartsWith("key_", view.GetProperty("updatedBy").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.String, view.GetProperty("updatedAt").ValueKind);
        Assert.Contains(list.EnumerateArray(), r => r.GetProperty("name").GetString() == name && r.GetProperty("origin").GetString() == "Tenant");
        Assert.Contains(list.EnumerateArray(), r => r.GetProperty("name").GetString() == "chat-ha" && r.GetProperty("origin").GetString() == "Configuration");
    }

    [Fact]
    public async Task Update_WithoutIfMatch428_StaleETag412_CurrentETagSavesAndBumps_UnchangedOrViewSentBackKeepsETag()
    {
        // Arrange
        var name = TestDefinitions.NewId("route");
        (await _admin.PostAsJsonAsync("/api/v1/routes", Route(name))).EnsureSuccessStatusCode();
        var changed = Route(name, policy: new { strategy = "health-ranked", swapOn = SwapOnTimeout, deadline = "5s" });

        // Act
        var withoutIfMatch = await PutAsync(name, changed, ifMatch: null);
        var current = await PutAsync(name, changed, "\"v1\"");
        var stale = await PutAsync(name, Route(name), "\"v1\"");
        var again = await PutAsync(name, changed, "\"v2\"");
        var view = await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/routes/{name}");
        var viewSentBack = await PutAsync(name, view, "\"v2\"");

        // Assert
        Assert.Equal(HttpStatusCode.PreconditionRequired, withoutIfMatch.StatusCode);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.Equal("\"v2\"", current.ETag());
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        Assert.Equal("\"v2\"", again.ETag());
        Assert.Equal("health-ranked", view.GetProperty("policy").GetProperty("strategy").GetString());
        Assert.Equal(2, view.GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.OK, viewSentBack.StatusCode);
        Assert.Equal("\"v2\"", viewSentBack.ETag());
    }

    [Theory]
    [InlineData("""{"name":"Bad Name","providers":["sandbox-primary"]}""", "/name", "PIPE006")]
    [InlineData("""{"name":"r-empty","providers":[]}""", "/providers", "PIPE024")]
    [InlineData("""{"name":"r-unknown","providers":["nobody"]}""", "/providers/0", "PIPE026")]
    [InlineData("""{"name":"r-deadline","providers":["sandbox-primary"],"policy":{"deadline":"soon"}}""", "/policy/deadline", "PIPE009")]
    [InlineData("""{"name":"r-strategy","providers":["sandbox-primary"],"policy":{"strategy":"random"}}""", "/policy/strategy", "PIPE007")]
    [InlineData("""{"name":"r-swap","providers":["sandbox-primary"],"policy":{"swapOn":["invalid_request"]}}""", "/policy/swapOn/0", "PIPE007")]
    [InlineData("""{"name":"r-weight","providers":["sandbox-primary"],"policy":{"weights":{"sandbox-backup":1}}}""", "/policy/weights/sandbox-backup", "PIPE030")]
    [InlineData("""{"name":"r-residency","providers":["sandbox-primary"],"constraints":{"residency":"eu"}}""", "/constraints/residency", "PIPE004")]
    [InlineData("""{"name":"r-field","providers":["sandbox-primary"],"retry":3}""", "/retry", "PIPE002")]
    [InlineData("""{"name":"r-kind","kind":"Pipeline","providers":["sandbox-primary"]}""", "/kind", "PIPE007")]
    public async Task Create_InvalidField_Returns422NamingPointerAndRule(string body, string field, string rule)
    {
        // Act
        var response = await _admin.PostAsync("/api/v1/routes", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        // Assert
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(problem.GetProperty("diagnostics").EnumerateArray(),
            d => d.GetProperty("pointer").GetString() == field && d.GetProperty("code").GetString() == rule);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Create_ExistingName409_Malformed400_WrongMediaType415()
    {
        // Arrange
        var name = TestDefinitions.NewId("route");
        (await _admin.PostAsJsonAsync("/api/v1/routes", Route(name))).EnsureSuccessStatusCode();

        // Act
        var twice = await _admin.PostAsJsonAsync("/api/v1/routes", Route(name));
        var malformed = await _admin.PostAsync("/api/v1/routes", new StringContent("{\"name\":", Encoding.UTF8, "application/json"));
        var yaml = await _admin.PostAsync("/api/v1/routes", HttpExtensions.Yaml("name: x"));

        // Assert
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, yaml.StatusCode);
    }

    [Fact]
    public async Task Delete_TenantRoute204ThenGet404_ConfigurationRouteIsReadOnly409()
    {
        // Arrange
        var name = TestDefinitions.NewId("route");
        (await _admin.PostAsJsonAsync("/api/v1/routes", Route(name))).EnsureSuccessStatusCode();

        // Act
        var deleted = await _admin.DeleteAsync($"/api/v1/routes/{name}");
        var gone = await _admin.GetAsync($"/api/v1/routes/{name}");
        var configured = await _admin.DeleteAsync("/api/v1/routes/chat-ha");
        var configuredPut = await PutAsync("chat-ha", Route("chat-ha"), "*");

        // Assert
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, configured.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, configuredPut.StatusCode);
    }

    [Fact]
    public async Task Roles_ViewerReadsButCannotWrite_AuthorWrites()
    {
        // Arrange
        var tenant = TestDefinitions.NewId("t");
        var viewer = api.WithKey(await api.CreateKeyAsync(Role.Viewer, tenant));
        var author = api.WithKey(await api.CreateKeyAsync(Role.Author, tenant));
        var name = TestDefinitions.NewId("route");

        // Act
        var byViewer = await viewer.PostAsJsonAsync("/api/v1/routes", Route(name));
        var byAuthor = await author.PostAsJsonAsync("/api/v1/routes", Route(name));
        var read = await viewer.GetAsync($"/api/v1/routes/{name}");

        // Assert
        Assert.Equal(HttpStatusCode.Forbidden, byViewer.StatusCode);
        Assert.Equal(HttpStatusCode.Created, byAuthor.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task TenantRoute_ServesItsTenantsGatewayCalls_AnotherTenantCannotSeeOrUseIt()
    {
        // Arrange
        var owner = api.WithKey(await api.CreateKeyAsync(Role.Admin, TestDefinitions.NewId("t")));
        var stranger = api.WithKey(await api.CreateKeyAsync(Role.Admin, TestDefinitions.NewId("t")));
        var name = TestDefinitions.NewId("route");
        (await owner.PostAsJsonAsync("/api/v1/routes", Route(name, providers: PrimaryOnly))).EnsureSuccessStatusCode();
        var chat = new { model = name, messages = new[] { new { role = "user", content = "hello" } } };
        // A cold connector's first call can pass the fixture's 3 s first-token limit on a loaded machine: warm it first.
        await owner.PostAsJsonAsync("/v1/chat/completions", chat);

        // Act
        var answered = await owner.PostAsJsonAsync("/v1/chat/completions", chat);
        var strangerCall = await stranger.PostAsJsonAsync("/v1/chat/completions", chat);
        var strangerGet = await stranger.GetAsync($"/api/v1/routes/{name}");
        var strangerList = await stranger.GetFromJsonAsync<JsonElement>("/api/v1/routes");

        // Assert
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal("sandbox-primary", answered.Headers.GetValues("X-Pipelines-Provider").Single());
        Assert.Equal("primary", (await answered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("model").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, strangerCall.StatusCode);
        Assert.Contains("is not a route", await strangerCall.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, strangerGet.StatusCode);
        Assert.DoesNotContain(strangerList.EnumerateArray(), r => r.GetProperty("name").GetString() == name);
    }

    private Task<HttpResponseMessage> PutAsync(string name, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/routes/{name}") { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return _admin.SendAsync(request);
    }
}
