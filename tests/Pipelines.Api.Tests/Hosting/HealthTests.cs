using System.Net;
using Pipelines.Api.Tests.Support;

namespace Pipelines.Api.Tests.Hosting;

[Collection(ApiCollection.Name)]
public sealed class HealthTests(ApiFixture api)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Get_HealthEndpoint_IsHealthyWithoutKey(string path)
    {
        // Act
        var response = await api.Anonymous().GetAsync(path);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
