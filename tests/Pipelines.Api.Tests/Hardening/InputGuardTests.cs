using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Pipelines.Api.Auth;
using Pipelines.Api.Tests.Support;

namespace Pipelines.Api.Tests.Hardening;

/// <summary>Bad input at the edge: every answer is a 4xx problem naming the field and the rule, never a 500.</summary>
[Collection(ApiCollection.Name)]
public sealed class InputGuardTests(ApiFixture api)
{
    private readonly HttpClient _admin = api.Admin();

    private static StringContent Json(string text, string mediaType = "application/json") =>
        new(text, new MediaTypeHeaderValue(mediaType) { CharSet = "utf-8" });

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static void AssertNames(JsonElement problem, string field, string rule)
    {
        var messages = problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()!).ToList();
        Assert.Contains(messages, m => m.StartsWith(rule, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateKey_DuplicateRole_Returns400NamingTheKey_AndIssuesNoKey()
    {
        // Act
        var response = await _admin.PostAsync("/api/v1/keys", Json("""{"name":"dup","role":"Viewer","role":"Admin"}"""));

        // Assert
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        AssertNames(problem, "/role", "duplicate-key");
        var keys = await _admin.GetStringAsync("/api/v1/keys");
        Assert.DoesNotContain("\"dup\"", keys, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GatewayChat_DuplicateKey_Returns400Problem()
    {
        // Act
        var response = await _admin.PostAsync(
            "/v1/chat/completions", Json("""{"model":"chat-ha","model":"other","messages":[{"role":"user","content":"hi"}]}"""));

        // Assert
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        AssertNames(problem, "/model", "duplicate-key");
    }

    [Theory]
    [InlineData("/api/v1/keys", """{"name":"a\u0000b","role":"Viewer"}""", "/name", "nul-character")]
    [InlineData("/api/v1/keys", """{"name":"x","role":"Viewer","na\u0000me":1}""", "/na\u0000me", "nul-character")]
    [InlineData("/api/v1/runs", """{"pipelineId":"p","idempotencyKey":"k\u0000"}""", "/idempotencyKey", "nul-character")]
    [InlineData("/api/v1/runs", """{"pipelineId":"\ud800"}""", "/pipelineId", "invalid-unicode")]
    [InlineData("/api/v1/providers", """{"id":"p","connector":"openai","tags":{"t":"\udc00x"}}""", "/tags/t", "invalid-unicode")]
    [InlineData("/v1/chat/completions", """{"model":"chat-ha","messages":[{"role":"user","content":"\ud83d"}]}""", "/messages/0/content", "invalid-unicode")]
    [InlineData("/api/v1/connectors", """{"name":"c","url":"http://127.0.0.1:9","apiKey":"k\u0000"}""", "/apiKey", "nul-character")]
    public async Task Post_NulOrUnpairedSurrogateInJson_Returns400NamingTheField(string path, string body, string field, string rule)
    {
        // Act
        var response = await _admin.PostAsync(path, Json(body));

        // Assert
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        AssertNames(problem, field, rule);
    }

    [Fact]
    public async Task Post_InvalidUtf8InJson_Returns400()
    {
        // Arrange
        var bytes = Encoding.UTF8.GetBytes("""{"name":"x","role":"Viewer","pad":"??"}""");
        bytes[^3] = 0xff;
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        // Act
        var response = await _admin.PostAsync("/api/v1/keys", content);

        // Assert
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        AssertNames(problem, "/pad", "invalid-unicode");
    }

    [Fact]
    public async Task Connector_ApiKeyWithControlCharacter_Returns400NamingApiKey()
    {
        // Act
        var response = await _admin.PostAsync("/api/v1/connectors", Json("""{"name":"ctl","url":"https://connectors.example.com/","apiKey":"a\u0001b"}"""));

        // Assert
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("apiKey", out _));
    }

    [Theory]
    [InlineData("/api/v1/pipelines?q=%00", "q")]
    [InlineData("/api/v1/runs?pipelineId=a%00b", "pipelineId")]
    public async Task Get_NulInQuery_Returns400NamingTheParameter(string path, string field)
    {
        // Act
        var response = await _admin.GetAsync(path);

        // Assert
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        AssertNames(problem, field, "nul-character");
    }

    [Theory]
    [InlineData("/api/v1/runs?page=2147483647")]
    [InlineData("/api/v1/pipelines?page=2147483647&pageSize=100")]
    [InlineData("/api/v1/pipelines?page=10002&pageSize=100")]
    public async Task List_PageBeyondTheOffsetBound_Returns400NamingPage(string path)
    {
        // Act
        var response = await _admin.GetAsync(path);

        // Assert
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("page", out _));
    }

    [Theory]
    [InlineData("/api/v1/keys", "application/json; charset=x-unknown")]
    [InlineData("/api/v1/keys", "application/json; charset=utf-16")]
    [InlineData("/api/v1/pipelines", "application/yaml; charset=nonsense")]
    public async Task Post_UnsupportedCharset_Returns415(string path, string contentType)
    {
        // Arrange
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"name":"x","role":"Viewer"}"""));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        // Act
        var response = await _admin.PostAsync(path, content);

        // Assert
        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("application/yaml")]
    [InlineData("text/event-stream")]
    [InlineData("text/plain")]
    public async Task AuthFailure_WhateverTheAccept_IsProblemJson(string accept)
    {
        // Arrange
        var anonymous = api.Anonymous();
        anonymous.DefaultRequestHeaders.Accept.ParseAdd(accept);
        var viewer = api.WithKey(await api.CreateKeyAsync(Role.Viewer));
        viewer.DefaultRequestHeaders.Accept.ParseAdd(accept);

        // Act
        var unauthenticated = await anonymous.GetAsync("/api/v1/pipelines");
        var forbidden = await viewer.PostAsync("/api/v1/keys", Json("""{"name":"n","role":"Viewer"}"""));

        // Assert
        await AssertProblemAsync(unauthenticated, HttpStatusCode.Unauthorized);
        await AssertProblemAsync(forbidden, HttpStatusCode.Forbidden);
    }

    /// <summary>A table of hostile requests over many operations: none may answer 5xx, and the service stays healthy.</summary>
    [Fact]
    public async Task HostileRequests_NeverAnswer5xx_AndTheServiceStaysHealthy()
    {
        // Arrange
        var paths = new[]
        {
            "/api/v1/keys", "/api/v1/pipelines", "/api/v1/pipelines/validate", "/api/v1/runs", "/api/v1/providers",
            "/api/v1/connectors", "/v1/chat/completions", "/v1/embeddings", "/api/v1/runs/nope/signals/x", "/api/v1/runs/nope/cancel",
        };
        var bodies = new[]
        {
            """{"a":1,"a":2}""", """{"x":"\u0000"}""", """{"x":"\ud800"}""", """{"\udfff":1}""", "{", "[]", "null", "0", "\"\"",
            """{"page":2147483647}""", new string('[', 500), """{"name":"n","role":"Admin","tenant":"\u0000"}""",
        };
        var failures = new List<string>();

        // Act
        foreach (var path in paths)
        {
            foreach (var body in bodies)
            {
                foreach (var mediaType in new[] { "application/json", "application/json; charset=latin1", "application/yaml" })
                {
                    using var content = new StringContent(body, Encoding.UTF8);
                    content.Headers.Remove("Content-Type");
                    content.Headers.TryAddWithoutValidation("Content-Type", mediaType);
                    var response = await _admin.PostAsync(path, content);
                    if ((int)response.StatusCode >= 500)
                    {
                        failures.Add($"{(int)response.StatusCode} POST {path} ({mediaType}) {body}");
                    }
                }
            }
        }

        foreach (var query in new[] { "?page=2147483647", "?pageSize=-1", "?q=%00", "?status=%ff%fe", "?page=1e99", "?pipelineId=%ed%a0%80" })
        {
            foreach (var path in new[] { "/api/v1/pipelines", "/api/v1/runs", "/api/v1/keys", "/api/v1/providers", "/api/v1/connectors" })
            {
                var response = await _admin.GetAsync(path + query);
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{(int)response.StatusCode} GET {path}{query}");
                }
            }
        }

        // Assert
        Assert.Empty(failures);
        Assert.Equal(HttpStatusCode.OK, (await api.Anonymous().GetAsync("/health/ready")).StatusCode);
    }
}
