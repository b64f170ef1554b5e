using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Pipelines.Api.Auth;
using Pipelines.Api.Tests.Support;
using Pipelines.Testing;

namespace Pipelines.Api.Tests.Definitions;

[Collection(ApiCollection.Name)]
public sealed class DefinitionsApiTests(ApiFixture api)
{
    private readonly HttpClient _admin = api.Admin();

    [Fact]
    public async Task Create_ValidYaml_StoresDraftAndReturnsItWithComments()
    {
        // Arrange
        var id = TestDefinitions.NewId();
        var yaml = TestDefinitions.Yaml(id);

        // Act
        var created = await _admin.PostYamlAsync("/api/v1/pipelines", yaml);
        var json = await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/pipelines/{id}");
        var asYaml = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/pipelines/{id}");
        asYaml.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/yaml"));
        var yamlBack = await _admin.SendAsync(asYaml);

        // Assert
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/v1/pipelines/{id}", created.Headers.Location?.ToString());
        Assert.NotNull(created.ETag());
        Assert.Equal("Draft", json.GetProperty("status").GetString());
        Assert.Equal("chat", json.GetProperty("definition").GetProperty("steps").GetProperty("summarise").GetProperty("uses").GetString());
        Assert.Equal("application/yaml", yamlBack.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# a comment the author wants kept", await yamlBack.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ExistingId_Returns409()
    {
        // Arrange
        var id = TestDefinitions.NewId();
        await _admin.PostYamlAsync("/api/v1/pipelines", TestDefinitions.Yaml(id));

        // Act
        var again = await _admin.PostYamlAsync("/api/v1/pipelines", TestDefinitions.Yaml(id));

        // Assert
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Create_UnknownNeeds_Returns422WithPointerAndStoresNothing()
    {
        // Arrange
        var id = TestDefinitions.NewId();

        // Act
        var response = await _admin.PostYamlAsync("/api/v1/pipelines", TestDefinitions.WithUnknownNeeds(id));
        var lookup = await _admin.GetAsync($"/api/v1/pipelines/{id}");

        // Assert
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var diagnostic = Assert.Single(problem.GetProperty("diagnostics").EnumerateArray());
        Assert.Equal("/steps/summarise/needs/0", diagnostic.GetProperty("pointer").GetString());
        Assert.True(diagnostic.GetProperty("line").GetInt32() > 0);
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task Create_MalformedYaml_Returns400WithPosition()
    {
        // Act
        var response = await _admin.PostYamlAsync("/api/v1/pipelines", "id: x\nsteps: [unclosed\n  other: {");

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var diagnostic = problem.GetProperty("diagnostics")[0];
        Assert.True(diagnostic.GetProperty("line").GetInt32() >= 1);
    }

    [Fact]
    public async Task Create_WrongMediaType_Returns415()
    {
        // Act
        var response = await _admin.PostAsync(
            "/api/v1/pipelines", new StringContent(TestDefinitions.Yaml(TestDefinitions.NewId()), System.Text.Encoding.UTF8, "text/plain"));

        // Assert
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Create_BodyOverOneMebibyte_Returns413()
    {
        // Arrange
        var huge = TestDefinitions.Yaml(TestDefinitions.NewId()) + "\n# " + new string('x', 1_100_000);

        // Act
        var response = await _admin.PostYamlAsync("/api/v1/pipelines", huge);

        // Assert
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Update_WithoutIfMatch_Returns428_AndWithStaleETag_Returns412()
    {
        // Arrange
        var id = TestDefinitions.NewId();
        var created = await _admin.PostYamlAsync("/api/v1/pipelines", TestDefinitions.Yaml(id));
        var firstETag = created.ETag();
        var changed = TestDefinitions.Yaml(id, "Shorten: {{ inputs.text }}");
        var update = await _admin.PutYamlAsync($"/api/v1/pipelines/{id}", changed, firstETag);

        // Act
        var withoutIfMatch = await _admin.PutYamlAsync($"/api/v1/pipelines/{id}", changed, null);
        var stale = await _admin.PutYamlAsync($"/api/v1/pipelines/{id}", changed, firstETag);

        // Assert
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        Assert.NotEqual(firstETag, update.ETag());
        Assert.Equal((HttpStatusCode)428, withoutIfMatch.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
    }

    [Fact]
    public async Task Publish_UnchangedDraftTwice_ReturnsSameVersion_ChangedDraft_ReturnsNext()
    {
        // Arrange
        var id = TestDefinitions.NewId();
        var created = await _admin.PostYamlAsync("/api/v1/pipelines", TestDefinitions.Yaml(id));

        // Act
        var first = await _admin.PostAsync($"/api/v1/pipelines/{id}/publish", null);
        var repeat = await _admin.PostAsync($"/api/v1/pipelines/{id}/publish", null);
        await _admin.PutYamlAsync($"/api/v1/pipelines/{id}", TestDefinitions.Yaml(id, "Shorten: {{ inputs.text }}"), created.ETag());
        var second = await _admin.PostAsync($"/api/v1/pipelines/{id}/publish", null);
        var versions = await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/pipelines/{id}/versions");
        var v1 = await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/pipelines/{id}/versions/1");

        // Assert
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.Equal(1, (await repeat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(2, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        Assert.Equal([1, 2], versions.EnumerateArray().Select(v => v.GetProperty("version").GetInt32()));
        Assert.Contains("Summarise:", v1.GetProperty("definition").GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_BetweenVersions_NamesTheChangedField()
    {
        // Arrange
        var id = TestDefinitions.NewId();
        var created = await _admin.PostYamlAsync("/api/v1/pipelines", TestDefinitions.Yaml(id));
        await _admin.PostAsync($"/api/v1/pipelines/{id}/publish", null);
        await _admin.PutYamlAsync($"/api/v1/pipelines/{id}", TestDefinitions.Yaml(id, "Shorten: {{ inputs.text }}"), created.ETag());
        await _admin.PostAsync($"/api/v1/pipelines/{id}/publish", null);

        // Act
        var diff = await _admin.GetStringAsync($"/api/v1/pipelines/{id}/diff?from=1&to=2");
        var missing = await _admin.GetAsync($"/api/v1/pipelines/{id}/diff?from=1&to=9");

        // Assert
        Assert.Contains("summarise", diff, StringComparison.Ordinal);
        Assert.Contains("prompt", diff, StringComparison.Ordinal);
        Assert.DoesNotContain("\"shape\"", diff, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Delete_ArchivesPipeline_VersionsStayReadable_DraftIsFrozen()
    {
        // Arrange
        var id = TestDefinitions.NewId("arch");
        var created = await _admin.PostYamlAsync("/api/v1/pipelines", TestDefinitions.Yaml(id));
        await _admin.PostAsync($"/api/v1/pipelines/{id}/publish", null);

        // Act
        var deleted = await _admin.DeleteAsync($"/api/v1/pipelines/{id}");
        var active = await _admin.GetStringAsync($"/api/v1/pipelines?q={id}");
        var archived = await _admin.GetStringAsync($"/api/v1/pipelines?q={id}&status=Archived");
        var version = await _admin.GetAsync($"/api/v1/pipelines/{id}/versions/1");
        var update = await _admin.PutYamlAsync($"/api/v1/pipelines/{id}", TestDefinitions.Yaml(id), "*");

        // Assert
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.DoesNotContain(id, active, StringComparison.Ordinal);
        Assert.Contains(id, archived, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, version.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, update.StatusCode);
    }

    [Fact]
    public async Task List_FiltersByTextAndPages()
    {
        // Arrange
        var tag = Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < 3; i++)
        {
            await _admin.PostYamlAsync("/api/v1/pipelines", TestDefinitions.Yaml($"list-{tag}-{i}"));
        }

        // Act
        var page1 = await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/pipelines?q={tag}&pageSize=2&page=1");
        var page2 = await _admin.GetFromJsonAsync<JsonElement>($"/api/v1/pipelines?q={tag}&pageSize=2&page=2");
        var badPage = await _admin.GetAsync("/api/v1/pipelines?pageSize=1000");

        // Assert
        Assert.Equal(3, page1.GetProperty("total").GetInt64());
        Assert.Equal(2, page1.GetProperty("items").GetArrayLength());
        Assert.Equal($"list-{tag}-2", page2.GetProperty("items")[0].GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
    }

    [Fact]
    public async Task Get_PipelineOfAnotherTenant_Returns404()
    {
        // Arrange
        var id = TestDefinitions.NewId();
        await _admin.PostYamlAsync("/api/v1/pipelines", TestDefinitions.Yaml(id));
        var otherTenant = api.WithKey(await api.CreateKeyAsync(Role.Admin, tenant: "other-co"));

        // Act
        var response = await otherTenant.GetAsync($"/api/v1/pipelines/{id}");
        var list = await otherTenant.GetStringAsync($"/api/v1/pipelines?q={id}");

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(id, list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_AsViewer_Returns403()
    {
        // Arrange
        var viewer = api.WithKey(await api.CreateKeyAsync(Role.Viewer));

        // Act
        var response = await viewer.PostYamlAsync("/api/v1/pipelines", TestDefinitions.Yaml(TestDefinitions.NewId()));

        // Assert
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Validate_InvalidDefinition_ReturnsDiagnosticsAndStoresNothing()
    {
        // Arrange
        var id = TestDefinitions.NewId();

        // Act
        var response = await _admin.PostYamlAsync("/api/v1/pipelines/validate", TestDefinitions.WithUnknownNeeds(id));
        var lookup = await _admin.GetAsync($"/api/v1/pipelines/{id}");

        // Assert
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(body.GetProperty("valid").GetBoolean());
        Assert.NotEmpty(body.GetProperty("diagnostics").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task GetSchema_ReturnsJsonSchema()
    {
        // Act
        var schema = await _admin.GetFromJsonAsync<JsonElement>("/api/v1/schemas/pipeline");

        // Assert
        Assert.True(schema.TryGetProperty("$schema", out _));
        Assert.True(schema.GetProperty("properties").TryGetProperty("steps", out _));
    }
}
