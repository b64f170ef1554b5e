using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pipelines.Api.Tests.Support;

namespace Pipelines.Api.Tests.Hosting;

[Collection(ApiCollection.Name)]
public sealed class ProblemDetailsTests(ApiFixture api)
{
    [Theory]
    [InlineData("/api/v1/no-such-route")]
    [InlineData("/no-such-page")]
    public async Task Get_UnknownPath_Returns404ProblemJson(string path)
    {
        // Act
        var response = await api.Admin().GetAsync(path);

        // Assert
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Get_RouteThatThrows_Returns500ProblemWithoutInternals()
    {
        // Act
        var response = await api.Anonymous().GetAsync(ThrowingRouteStartupFilter.Path);

        // Assert
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("secret internal detail", body, StringComparison.Ordinal);
        Assert.Contains("traceId", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_MalformedJson_Returns400ProblemJson()
    {
        // Arrange
        using var content = new StringContent("{ not json", System.Text.Encoding.UTF8, "application/json");

        // Act
        var response = await api.Admin().PostAsync("/api/v1/keys", content);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
