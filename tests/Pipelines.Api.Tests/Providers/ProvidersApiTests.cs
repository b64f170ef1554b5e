using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pipelines.Api.Auth;
using Pipelines.Api.Tests.Support;
using Pipelines.Sandbox;
using Pipelines.Testing;

namespace Pipelines.Api.Tests.Providers;

[Collection(ApiCollection.Name)]
public sealed class ProvidersApiTests(ApiFixture api)
{
    private readonly HttpClient _admin = api.Admin();

    private object Sandbox(string id, string model = "primary", object? tags = null, string[]? capabilities = null, object? options = null, string? apiKey = null) => new
    {
        id,
        connector = "openai",
        endpoint = api.Sandbox.OpenAiEndpoint.ToString(),
        model,
        apiKey,
        tags = tags ?? new { residency = "eu", locality = "cloud", team = "search" },
        costs = new { inputPer1kTokens = 0.5, outputPer1kTokens = 1.5 },
        contextWindow = 8000,
        capabilities,
        options = options ?? new { timeoutSeconds = 5 },
    };

    [Fact]
    public async Task List_ShowsConfiguredProvidersAndCapabilities_NeverTheirSettings()
    {
        // Act
        var body = await _admin.GetStringAsync("/api/v1/providers");
        var providers = JsonSerializer.Deserialize<JsonElement>(body);

        // Assert
        var primary = providers.EnumerateArray().Single(p => p.GetProperty("id").GetString() == "sandbox-primary");
        Assert.Equal(["chat"], primary.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("Configuration", primary.GetProperty("origin").GetString());
        Assert.Equal("openai", primary.GetProperty("connector").GetString());
        Assert.DoesNotContain(api.Sandbox.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), primary.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, primary.GetProperty("endpoint").ValueKind);
        var local = providers.EnumerateArray().Single(p => p.GetProperty("id").GetString() == "local-minilm");
        Assert.Equal("local", local.GetProperty("tags").GetProperty("locality").GetString());
    }

    [Fact]
    public async Task Create_ValidProvider_Returns201WithLocationETagAndView_ThenGetAndListShowIt()
    {
        // Arrange
        var id = TestDefinitions.NewId("prov");

        // Act
        var created = await _admin.PostAsJsonAsync("/api/v1/providers", Sandbox(id, apiKey: "sk-create-test"));
        var got = await _admin.GetAsync($"/api/v1/providers/{id}");
        var list = await _admin.GetFromJsonAsync<JsonElement>("/api/v1/providers");

        // Assert
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/v1/providers/{id}", created.Headers.Location?.ToString());
        Assert.Equal("\"v1\"", created.ETag());
        var view = await got.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("\"v1\"", got.ETag());
        Assert.Equal("Tenant", view.GetProperty("origin").GetString());
        Assert.True(view.GetProperty("hasApiKey").GetBoolean());
        Assert.False(view.TryGetProperty("apiKey", out _));
        Assert.Equal("primary", view.GetProperty("model").GetString());
        Assert.Equal(api.Sandbox.OpenAiEndpoint.AbsoluteUri, view.GetProperty("endpoint").GetString());
        Assert.Equal("eu", view.GetProperty("tags").GetProperty("residency").GetString());
        Assert.Equal(1.5m, view.GetProperty("costs").GetProperty("outputPer1kTokens").GetDecimal());
        Assert.Equal(8000, view.GetProperty("manifest").GetProperty("contextWindow").GetInt32());
        Assert.Equal(0.5m, view.GetProperty("manifest").GetProperty("inputCostPer1kTokens").GetDecimal());
        Assert.Equal(["chat"], view.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
        Assert.Contains(list.EnumerateArray(), p => p.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task Create_UnknownConnector_Returns422NamingConnector()
    {
        // Act
        var response = await _admin.PostAsJsonAsync("/api/v1/providers", new { id = TestDefinitions.NewId("prov"), connector = "telepathy", model = "x" });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        // Assert
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(problem.GetProperty("errors").TryGetProperty("connector", out _));
        var violation = Assert.Single(problem.GetProperty("violations").EnumerateArray());
        Assert.Equal("unknown", violation.GetProperty("rule").GetString());
        Assert.Contains("openai", violation.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id":"Bad_Id","connector":"openai","model":"m"}""", "id", "pattern")]
    [InlineData("""{"id":"ok-id-1","connector":"openai","model":"m","endpoint":"ftp://x"}""", "endpoint", "format")]
    [InlineData("""{"id":"ok-id-2","connector":"openai","model":"m","endpoint":"https://u:p@example.com/v1"}""", "endpoint", "credentials")]
    [InlineData("""{"id":"ok-id-3","connector":"openai","model":"m","options":{"timeoutSeconds":0}}""", "options.timeoutSeconds", "minimum")]
    [InlineData("""{"id":"ok-id-4","connector":"openai","model":"m","options":{"colour":"red"}}""", "options.colour", "unknown")]
    [InlineData("""{"id":"ok-id-5","connector":"openai"}""", "model", "rejected")]
    [InlineData("""{"id":"ok-id-6","connector":"openai","model":"m","capabilities":["classify"]}""", "capabilities[0]", "subset")]
    [InlineData("""{"id":"ok-id-7","connector":"openai","model":"m","tags":{"residency":3}}""", "tags.residency", "type")]
    [InlineData("""{"id":"ok-id-8","connector":"openai","model":"m","costs":{"inputPer1kTokens":-1}}""", "costs.inputPer1kTokens", "minimum")]
    [InlineData("""{"id":"ok-id-9","connector":"onnx","model":"gpt-4"}""", "model", "rejected")]
    [InlineData("""{"id":"ok-id-10","connector":"azure-openai","model":"gpt-4o","endpoint":"https://r.openai.azure.com/openai/v1/"}""", "apiKey", "rejected")]
    [InlineData("""{"id":"ok-id-11","connector":"openai","model":"m","hasKey":true}""", "hasKey", "unknown")]
    public async Task Create_InvalidField_Returns422NamingFieldAndRule(string body, string field, string rule)
    {
        // Act
        var response = await _admin.PostAsync("/api/v1/providers", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        // Assert
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(problem.GetProperty("violations").EnumerateArray(),
            v => v.GetProperty("field").GetString() == field && v.GetProperty("rule").GetString() == rule);
    }

    [Fact]
    public async Task Create_MalformedOrWrongMediaType_Returns400Or415()
    {
        // Act
        var malformed = await _admin.PostAsync("/api/v1/providers", new StringContent("{\"id\":", System.Text.Encoding.UTF8, "application/json"));
        var yaml = await _admin.PostAsync("/api/v1/providers", HttpExtensions.Yaml("id: x"));

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, yaml.StatusCode);
    }

    [Fact]
    public async Task Create_IdOfServiceWideProvider_Returns409_AndConfiguredProvidersAreReadOnly()
    {
        // Act
        var create = await _admin.PostAsJsonAsync("/api/v1/providers", Sandbox("sandbox-primary"));
        var update = await Put("/api/v1/providers/local-minilm", (Sandbox("local-minilm"), "*"));
        var delete = await _admin.DeleteAsync("/api/v1/providers/sandbox-backup");
        var problem = await update.Content.ReadFromJsonAsync<JsonElement>();

        // Assert
        Assert.Equal(HttpStatusCode.Conflict, create.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, update.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
        Assert.Contains("Configuration", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_SameIdTwice_Returns409()
    {
        // Arrange
        var id = TestDefinitions.NewId("prov");
        (await _admin.PostAsJsonAsync("/api/v1/providers", Sandbox(id))).EnsureSuccessStatusCode();

        // Act
        var again = await _admin.PostAsJsonAsync("/api/v1/providers", Sandbox(id));

        // Assert
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Update_RequiresIfMatch_RefusesStaleETag_KeepsOmittedKey_ClearsNullKey()
    {
        // Arrange
        var id = TestDefinitions.NewId("prov");
        (await _admin.PostAsJsonAsync("/api/v1/providers", Sandbox(id, apiKey: "sk-update-test"))).EnsureSuccessStatusCode();
        var withoutKey = new { connector = "openai", endpoint = api.Sandbox.OpenAiEndpoint.ToString(), model = "backup", tags = new { residency = "us" } };

        // Act
        var noIfMatch = await Put($"/api/v1/providers/{id}", (withoutKey, null));
        var kept = await Put($"/api/v1/providers/{id}", (withoutKey, "\"v1\""));
        var stale = await Put($"/api/v1/providers/{id}", (withoutKey, "\"v1\""));
        var cleared = await Put($"/api/v1/providers/{id}", (new { connector = "openai", endpoint = api.Sandbox.OpenAiEndpoint.ToString(), model = "backup", apiKey = (string?)null }, kept.ETag()));

        // Assert
        Assert.Equal((HttpStatusCode)428, noIfMatch.StatusCode);
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        Assert.Equal("\"v2\"", kept.ETag());
        var keptView = await kept.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(keptView.GetProperty("hasApiKey").GetBoolean());
        Assert.Equal("backup", keptView.GetProperty("model").GetString());
        Assert.Equal("us", keptView.GetProperty("tags").GetProperty("residency").GetString());
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.False((await cleared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hasApiKey").GetBoolean());
    }

    [Fact]
    public async Task Delete_TenantProvider_Returns204_ThenGetReturns404()
    {
        // Arrange
        var id = TestDefinitions.NewId("prov");
        (await _admin.PostAsJsonAsync("/api/v1/providers", Sandbox(id))).EnsureSuccessStatusCode();

        // Act
        var deleted = await _admin.DeleteAsync($"/api/v1/providers/{id}");
        var got = await _admin.GetAsync($"/api/v1/providers/{id}");
        var again = await _admin.DeleteAsync($"/api/v1/providers/{id}");

        // Assert
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, got.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Providers_AreTenantScoped_AndOnlyAdminsWrite()
    {
        // Arrange
        var id = TestDefinitions.NewId("prov");
        (await _admin.PostAsJsonAsync("/api/v1/providers", Sandbox(id))).EnsureSuccessStatusCode();
        var viewer = api.WithKey(await api.CreateKeyAsync(Role.Viewer));
        var stranger = api.WithKey(await api.CreateKeyAsync(Role.Admin, tenant: "providers-stranger"));

        // Act
        var viewerRead = await viewer.GetAsync($"/api/v1/providers/{id}");
        var viewerWrite = await viewer.PostAsJsonAsync("/api/v1/providers", Sandbox(TestDefinitions.NewId("prov")));
        var viewerProbe = await viewer.PostAsync($"/api/v1/providers/{id}/probe", null);
        var strangerRead = await stranger.GetAsync($"/api/v1/providers/{id}");
        var strangerList = await stranger.GetFromJsonAsync<JsonElement>("/api/v1/providers");

        // Assert
        Assert.Equal(HttpStatusCode.OK, viewerRead.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viewerWrite.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viewerProbe.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, strangerRead.StatusCode);
        Assert.DoesNotContain(strangerList.EnumerateArray(), p => p.GetProperty("id").GetString() == id);
        Assert.Contains(strangerList.EnumerateArray(), p => p.GetProperty("id").GetString() == "local-minilm");
    }

    [Fact]
    public async Task Probe_HealthyAndFailingProviders_ReportsOutcomePerCapability_Never500()
    {
        // Arrange
        var id = TestDefinitions.NewId("prov");
        (await _admin.PostAsJsonAsync("/api/v1/providers", Sandbox(id, model: $"probe-{id}"))).EnsureSuccessStatusCode();

        // Act
        var healthy = await _admin.PostAsync($"/api/v1/providers/{id}/probe", null);
        await api.Sandbox.AddFaultAsync(new FaultRule(FaultKind.Status, Model: $"probe-{id}", Status: 429, Times: 1));
        var limited = await _admin.PostAsync($"/api/v1/providers/{id}/probe", null);
        var local = await _admin.PostAsync("/api/v1/providers/local-arctic/probe", null);
        var unknown = await _admin.PostAsync("/api/v1/providers/nobody-here/probe", null);

        // Assert
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        var ok = await healthy.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(ok.GetProperty("ok").GetBoolean());
        var chat = Assert.Single(ok.GetProperty("results").EnumerateArray());
        Assert.Equal("chat", chat.GetProperty("capability").GetString());
        Assert.Equal("Ok", chat.GetProperty("outcome").GetString());
        Assert.True(chat.GetProperty("latencyMs").GetDouble() > 0);
        Assert.Equal(HttpStatusCode.OK, limited.StatusCode);
        var failed = await limited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(failed.GetProperty("ok").GetBoolean());
        Assert.Equal("RateLimited", failed.GetProperty("results")[0].GetProperty("outcome").GetString());
        var localResults = (await local.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["embed", "classify"], localResults.Select(r => r.GetProperty("capability").GetString()));
        Assert.All(localResults, r => Assert.Equal("Ok", r.GetProperty("outcome").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Run_StepOnTenantProvider_RoutesThroughIt_AndValidationKnowsIt()
    {
        // Arrange
        var id = TestDefinitions.NewId("prov");
        (await _admin.PostAsJsonAsync("/api/v1/providers", Sandbox(id, model: "tenant-model"))).EnsureSuccessStatusCode();
        var pipeline = TestDefinitions.NewId("tp");
        var yaml = $$$"""
            apiVersion: pipelines/v1
            kind: Pipeline
            id: {{{pipeline}}}
            title: Tenant provider
            steps:
              ask:
                uses: chat
                providers: [{{{id}}}]
                with: { prompt: "hello {{{pipeline}}}" }
            outputs:
              answer: "{{ steps.ask.output.text }}"
            """;

        // Act
        await _admin.PublishAsync(yaml);
        var run = await _admin.StartRunAsync(pipeline);
        (await _admin.DeleteAsync($"/api/v1/providers/{id}")).EnsureSuccessStatusCode();
        var validation = await (await _admin.PostAsync("/api/v1/pipelines/validate", HttpExtensions.Yaml(yaml))).Content.ReadFromJsonAsync<JsonElement>();

        // Assert
        Assert.Equal("Succeeded", run.Status());
        Assert.Equal($"[tenant-model] hello {pipeline}", run.GetProperty("outputs").GetProperty("answer").GetString());
        Assert.False(validation.GetProperty("valid").GetBoolean());
        Assert.Contains(validation.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("code").GetString() == "PIPE026");
    }

    [Fact]
    public async Task CreatePipeline_ProvidersLackingCapabilityOrFeature_Returns422NamingStepAndProviders()
    {
        // Arrange
        var id = TestDefinitions.NewId("cap");
        var yaml = $$$"""
            apiVersion: pipelines/v1
            kind: Pipeline
            id: {{{id}}}
            title: Wrong providers
            steps:
              embedit:
                uses: embed
                providers: [sandbox-primary, ghost-provider]
                with: { input: "x" }
              chatty:
                uses: chat
                providers: [sandbox-primary]
                constraints: { features: [logprobs] }
                with: { prompt: "x" }
            outputs: {}
            """;

        // Act
        var response = await _admin.PostYamlAsync("/api/v1/pipelines", yaml);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        // Assert
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var diagnostics = problem.GetProperty("diagnostics").EnumerateArray().ToList();
        var lacks = Assert.Single(diagnostics, d => d.GetProperty("code").GetString() == "PIPE027");
        Assert.Equal("/steps/embedit/providers/0", lacks.GetProperty("pointer").GetString());
        Assert.Contains("'embedit'", lacks.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("'sandbox-primary'", lacks.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains(diagnostics, d => d.GetProperty("code").GetString() == "PIPE026" && d.GetProperty("pointer").GetString() == "/steps/embedit/providers/1");
        var feature = Assert.Single(diagnostics, d => d.GetProperty("code").GetString() == "PIPE034");
        Assert.Contains("logprobs", feature.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> Put(string path, (object Body, string? IfMatch) put)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(put.Body) };
        if (put.IfMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", put.IfMatch);
        }

        return _admin.SendAsync(request);
    }
}
