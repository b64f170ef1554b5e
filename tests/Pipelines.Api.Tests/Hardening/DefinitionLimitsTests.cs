using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Pipelines.Api.Tests.Support;
using Pipelines.Testing;

namespace Pipelines.Api.Tests.Hardening;

/// <summary>Definitions measured after alias expansion, and text that cannot be stored, refused before anything is stored.</summary>
[Collection(ApiCollection.Name)]
public sealed class DefinitionLimitsTests(ApiFixture api)
{
    private readonly HttpClient _admin = api.Admin();

    /// <summary>About 5 KB of YAML: one 4,000-character string aliased 10⁴ times would expand to 40 MB.</summary>
    private static string AliasBomb(string id)
    {
        var text = new StringBuilder($"apiVersion: pipelines/v1\nkind: Pipeline\nid: {id}\ntitle: Bomb\n");
        text.Append("x-a: &a \"").Append('x', 4000).Append("\"\n");
        text.Append("x-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n");
        text.Append("x-c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n");
        text.Append("x-d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n");
        text.Append("x-e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n");
        text.Append("steps:\n  a:\n    uses: transform\n    with: { v: 1 }\n");
        return text.ToString();
    }

    [Fact]
    public async Task ValidateAndCreate_AliasBomb_RefusedAsTooLarge_Quickly_AndNothingStored()
    {
        // Arrange
        var id = TestDefinitions.NewId("bomb");
        var watch = Stopwatch.StartNew();

        // Act
        var validated = await _admin.PostYamlAsync("/api/v1/pipelines/validate", AliasBomb(id));
        var created = await _admin.PostYamlAsync("/api/v1/pipelines", AliasBomb(id));
        var lookup = await _admin.GetAsync($"/api/v1/pipelines/{id}");

        // Assert
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        var validation = await validated.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(validation.GetProperty("valid").GetBoolean());
        Assert.Contains(validation.GetProperty("diagnostics").EnumerateArray(), d => d.GetProperty("code").GetString() == "PIPE022");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, created.StatusCode);
        Assert.Contains("PIPE022", await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Theory]
    [InlineData("application/yaml", "title: \"a\\0b\"", "PIPE037")]
    [InlineData("application/yaml", "title: \"a\\ud800b\"", "PIPE001")] // YamlDotNet's scanner refuses it first
    [InlineData("application/json", "\"title\": \"a\\ud800b\"", "invalid-unicode")] // the edge guard refuses it first
    public async Task Create_TextWithNulOrUnpairedSurrogate_IsRefusedWithItsRule(string mediaType, string title, string rule)
    {
        // Arrange
        var id = TestDefinitions.NewId("nul");
        var text = mediaType == "application/yaml"
            ? $"apiVersion: pipelines/v1\nkind: Pipeline\nid: {id}\n{title}\nsteps:\n  a:\n    uses: transform\n    with: {{ v: 1 }}\n"
            : "{\"apiVersion\": \"pipelines/v1\", \"kind\": \"Pipeline\", \"id\": \"" + id + "\", " + title
                + """, "steps": {"a": {"uses": "transform", "with": {"v": 1}}}}""";
        using var content = new StringContent(text, Encoding.UTF8, mediaType);

        // Act
        var response = await _admin.PostAsync("/api/v1/pipelines", content);

        // Assert
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, $"{response.StatusCode}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains(rule, body, StringComparison.Ordinal);
    }
}
