using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Pipelines.Api.Tests.Examples;

/// <summary>Providers declared in the providers file, as the API shows and protects them.</summary>
public sealed class ProvidersFileApiTests(DefaultInstallFixture install) : IClassFixture<DefaultInstallFixture>
{
    [Fact]
    public async Task FileProviders_ListedWithOriginFile_ReadOnly_AndTheirIdsTaken()
    {
        // Arrange
        using var client = install.Client();

        // Act
        var view = await client.GetFromJsonAsync<JsonElement>("/api/v1/providers/demo-chat-primary");
        var update = new HttpRequestMessage(HttpMethod.Put, "/api/v1/providers/demo-chat-primary")
        {
            Content = JsonContent.Create(new { connector = "openai", model = "other" }),
        };
        update.Headers.TryAddWithoutValidation("If-Match", "*");
        var put = await client.SendAsync(update);
        var create = await client.PostAsJsonAsync("/api/v1/providers", new { id = "demo-chat-backup", connector = "openai", model = "x" });
        var delete = await client.DeleteAsync("/api/v1/providers/demo-chat-backup");

        // Assert
        Assert.Equal("File", view.GetProperty("origin").GetString());
        Assert.Equal("true", view.GetProperty("tags").GetProperty("demo").GetString());
        Assert.Equal("demo-primary", view.GetProperty("model").GetString());
        Assert.False(view.GetProperty("hasApiKey").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, put.StatusCode);
        Assert.Contains("providers file", (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, create.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
    }
}
