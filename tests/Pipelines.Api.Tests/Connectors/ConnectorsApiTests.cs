using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Pipelines.Api.Auth;
using Pipelines.Api.Tests.Support;
using Pipelines.Connectors;
using Pipelines.Engine.Providers;
using Pipelines.Testing;

namespace Pipelines.Api.Tests.Connectors;

/// <summary>The Python sample connector, as shipped and broken on purpose, for the registration tests.</summary>
public sealed class SampleConnectors : IAsyncLifetime
{
    public PythonConnector Good { get; private set; } = null!;

    public PythonConnector Broken { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var started = await Task.WhenAll(PythonConnector.StartAsync(), PythonConnector.StartAsync("--broken"));
        (Good, Broken) = (started[0], started[1]);
    }

    public async Task DisposeAsync()
    {
        if (Good is not null)
        {
            await Good.DisposeAsync();
        }

        if (Broken is not null)
        {
            await Broken.DisposeAsync();
        }
    }
}

[Collection(ApiCollection.Name)]
public sealed class ConnectorsApiTests(ApiFixture api, SampleConnectors samples) : IClassFixture<SampleConnectors>
{
    [Fact]
    public async Task Register_PythonSample_201AndListedAsRemoteWithItsVersion()
    {
        // Arrange
        var name = Name();

        // Act
        var response = await api.Admin().PostAsJsonAsync("/api/v1/connectors", new { name, url = samples.Good.Url });
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var listed = (await api.Admin().GetFromJsonAsync<JsonElement>("/api/v1/connectors"))
            .EnumerateArray().ToList();

        // Assert
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/v1/connectors/{name}", response.Headers.Location?.OriginalString);
        Assert.Equal("1.0.0", created.GetProperty("version").GetString());
        Assert.Equal("remote", created.GetProperty("kind").GetString());
        var mine = listed.Single(c => c.GetProperty("name").GetString() == name);
        Assert.Equal("remote", mine.GetProperty("kind").GetString());
        Assert.Equal("1.0.0", mine.GetProperty("version").GetString());
        Assert.Equal(samples.Good.Url.AbsoluteUri, mine.GetProperty("url").GetString());
        Assert.NotEqual(JsonValueKind.Null, mine.GetProperty("registeredAt").ValueKind);
        Assert.Equal(["chat", "classify", "embed"], mine.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
        var generic = listed.Single(c => c.GetProperty("name").GetString() == "remote");
        Assert.Equal("in-process", generic.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Object, generic.GetProperty("settingsSchema").ValueKind);
    }

    [Fact]
    public async Task Register_BrokenSample_422WithTheReportAndNotListed()
    {
        // Arrange
        var name = Name();

        // Act
        var response = await api.Admin().PostAsJsonAsync("/api/v1/connectors", new { name, url = samples.Broken.Url });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var listing = await api.Admin().GetStringAsync("/api/v1/connectors");

        // Assert
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var checks = problem.GetProperty("report").GetProperty("checks").EnumerateArray().ToList();
        var shape = checks.Single(c => c.GetProperty("name").GetString() == "manifest.shape");
        Assert.Equal("failed", shape.GetProperty("status").GetString(), ignoreCase: true);
        Assert.Contains("'version' is missing", shape.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(problem.GetProperty("report").GetProperty("passed").GetBoolean());
        Assert.Contains("manifest.shape", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(name, listing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_NothingListening_422Unreachable()
    {
        // Act
        var response = await api.Admin().PostAsJsonAsync("/api/v1/connectors", new { name = Name(), url = $"http://127.0.0.1:{FreePort.Next()}/" });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        // Assert
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var reachable = problem.GetProperty("report").GetProperty("checks").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == "manifest.reachable");
        Assert.Contains("could not connect", reachable.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_SameNameTwice_409()
    {
        // Arrange
        var name = Name();
        (await api.Admin().PostAsJsonAsync("/api/v1/connectors", new { name, url = samples.Good.Url })).EnsureSuccessStatusCode();

        // Act
        var again = await api.Admin().PostAsJsonAsync("/api/v1/connectors", new { name, url = samples.Good.Url });
        var builtIn = await api.Admin().PostAsJsonAsync("/api/v1/connectors", new { name = "remote", url = samples.Good.Url });

        // Assert
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Conflict, builtIn.StatusCode);
    }

    [Theory]
    [InlineData("Bad Name", "http://127.0.0.1:1/", "name")]
    [InlineData("fine", "ftp://example.com/", "url")]
    [InlineData("fine", "not a url", "url")]
    public async Task Register_InvalidRequest_400KeyedByField(string name, string url, string field)
    {
        // Act
        var response = await api.Admin().PostAsJsonAsync("/api/v1/connectors", new { name, url });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Register_AsAuthor_403()
    {
        // Arrange
        var author = api.WithKey(await api.CreateKeyAsync(Role.Author));

        // Act
        var response = await author.PostAsJsonAsync("/api/v1/connectors", new { name = Name(), url = samples.Good.Url });
        var list = await author.GetAsync("/api/v1/connectors");

        // Assert
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Fact]
    public async Task Delete_Registered_204ThenGone()
    {
        // Arrange
        var name = Name();
        (await api.Admin().PostAsJsonAsync("/api/v1/connectors", new { name, url = samples.Good.Url })).EnsureSuccessStatusCode();

        // Act
        var deleted = await api.Admin().DeleteAsync($"/api/v1/connectors/{name}");
        var again = await api.Admin().DeleteAsync($"/api/v1/connectors/{name}");
        var get = await api.Admin().GetAsync($"/api/v1/connectors/{name}");

        // Assert
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task Register_InOneTenant_InvisibleToAnother()
    {
        // Arrange
        var name = Name();
        (await api.Admin().PostAsJsonAsync("/api/v1/connectors", new { name, url = samples.Good.Url })).EnsureSuccessStatusCode();
        var other = api.WithKey(await api.CreateKeyAsync(Role.Admin, tenant: $"other-{Guid.NewGuid():N}"[..20]));

        // Act
        var listing = await other.GetStringAsync("/api/v1/connectors");
        var get = await other.GetAsync($"/api/v1/connectors/{name}");

        // Assert
        Assert.DoesNotContain(name, listing, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task ConnectorTypes_RegisteredName_BuildsAProviderThatCallsTheSample()
    {
        // Arrange
        var name = Name();
        (await api.Admin().PostAsJsonAsync("/api/v1/connectors", new { name, url = samples.Good.Url })).EnsureSuccessStatusCode();
        var types = api.Factory.Services.GetRequiredService<ConnectorTypes>();

        // Act
        var type = await types.FindAsync("default", name, CancellationToken.None);
        var listed = await types.ListAsync("default", CancellationToken.None);
        var provider = type!.Create(new ProviderSettings("kw-provider", null, null, null, []));
        var response = await provider.InvokeAsync(
            Capabilities.Classify,
            new JsonObject { ["text"] = "I need a refund for the invoice payment", ["labels"] = new JsonArray("billing", "technical") },
            CancellationToken.None);

        // Assert
        Assert.Contains(listed, t => t.Name == name);
        Assert.Equal(name, provider.Manifest.Connector);
        Assert.Equal("1.0.0", provider.Manifest.Version);
        Assert.Equal("billing", response.Output["label"]!.GetValue<string>());
        Assert.Equal("kw-provider", response.Output["provider"]!.GetValue<string>());
        Assert.Null(await types.FindAsync("someone-else", name, CancellationToken.None));
    }

    private static string Name() => $"kw-{Guid.NewGuid():N}"[..16];
}
