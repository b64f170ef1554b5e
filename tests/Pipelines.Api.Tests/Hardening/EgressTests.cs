using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pipelines.Api.Tests.Support;
using Pipelines.Engine.Egress;
using Pipelines.Testing;

namespace Pipelines.Api.Tests.Hardening;

/// <summary>
/// The egress policy against SSRF, and secrets bound to their endpoint. The fixture allows 127.0.0.1 only (where the
/// sandbox listens); every other loopback, private and link-local address is refused.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class EgressTests(ApiFixture api)
{
    private readonly HttpClient _admin = api.Admin();

    [Theory]
    [InlineData("http://127.0.0.2:8080/v1")]
    [InlineData("http://10.1.2.3/v1")]
    [InlineData("http://192.168.1.1/v1")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[::1]:8080/v1")]
    [InlineData("http://[fd00::1]/v1")]
    [InlineData("http://0.0.0.0:8080/v1")]
    [InlineData("http://[::ffff:10.0.0.1]/v1")]
    public async Task CreateProvider_EndpointOnARefusedAddress_Returns422NamingEndpoint(string endpoint)
    {
        // Act
        var response = await _admin.PostAsJsonAsync("/api/v1/providers", new { id = TestDefinitions.NewId("ssrf"), connector = "openai", endpoint, model = "m" });

        // Assert
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("egress", problem.GetProperty("errors").GetProperty("endpoint")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://api.example.com/v1?api-key=sk-123")]
    [InlineData("https://api.example.com/v1?access_token=abc")]
    [InlineData("https://user:pass@api.example.com/v1")]
    public async Task CreateProvider_CredentialInEndpoint_Returns422NamingEndpoint(string endpoint)
    {
        // Act
        var response = await _admin.PostAsJsonAsync("/api/v1/providers", new { id = TestDefinitions.NewId("cred"), connector = "openai", endpoint, model = "m" });

        // Assert
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("credentials", problem.GetProperty("errors").GetProperty("endpoint")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateProvider_NewEndpointWithoutKey_Returns422NamingApiKey_WithKeyOrSameEndpointSucceeds()
    {
        // Arrange
        var id = TestDefinitions.NewId("bind");
        var endpoint = api.Sandbox.OpenAiEndpoint.ToString();
        var moved = new Uri(api.Sandbox.OpenAiEndpoint, "/elsewhere/v1").ToString();
        var created = await _admin.PostAsJsonAsync("/api/v1/providers", new { id, connector = "openai", endpoint, model = "m", apiKey = "sk-bound" });
        created.EnsureSuccessStatusCode();

        // Act
        var movedWithoutKey = await PutAsync(id, new { connector = "openai", endpoint = moved, model = "m" }, created.ETag());
        var sameEndpoint = await PutAsync(id, new { connector = "openai", endpoint, model = "m2" }, created.ETag());
        var movedWithKey = await PutAsync(id, new { connector = "openai", endpoint = moved, model = "m", apiKey = "sk-new" }, sameEndpoint.ETag());

        // Assert
        Assert.Equal(HttpStatusCode.UnprocessableEntity, movedWithoutKey.StatusCode);
        var problem = await movedWithoutKey.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("apiKey", out _));
        Assert.Equal(HttpStatusCode.OK, sameEndpoint.StatusCode);
        Assert.True((await sameEndpoint.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hasApiKey").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, movedWithKey.StatusCode);
    }

    [Theory]
    [InlineData("http://127.0.0.2:9/")]
    [InlineData("http://169.254.169.254/")]
    [InlineData("http://[::1]:9/")]
    public async Task RegisterConnector_RefusedAddress_Returns422NamingUrl_WithoutCallingIt(string url)
    {
        // Act
        var response = await _admin.PostAsJsonAsync("/api/v1/connectors", new { name = TestDefinitions.NewId("ssrf").Replace('_', '-'), url });

        // Assert
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("egress", problem.GetProperty("errors").GetProperty("url")[0].GetString(), StringComparison.Ordinal);
        Assert.False(problem.TryGetProperty("report", out _));
    }

    [Fact]
    public async Task RegisterConnector_AnAddressThatAnswers_ReportNeverQuotesTheAnswer()
    {
        // Arrange
        await using var server = await RawServer.StartAsync("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 22\r\nConnection: close\r\n\r\ninternal-secret-answer");

        // Act
        var response = await _admin.PostAsJsonAsync("/api/v1/connectors", new { name = "echo-probe", url = server.Url });
        var text = await response.Content.ReadAsStringAsync();

        // Assert
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.DoesNotContain("internal-secret-answer", text, StringComparison.Ordinal);
        Assert.Contains("22 characters, not shown", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisterConnector_ClosedPortAndNonHttpPort_ReadTheSame()
    {
        // Arrange
        await using var open = await RawServer.StartAsync("SSH-2.0-OpenSSH_9.6\r\n");
        var closed = $"http://127.0.0.1:{FreePort.Next()}/";

        // Act
        var openDetail = await ReachableDetailAsync(open.Url);
        var closedDetail = await ReachableDetailAsync(closed);

        // Assert
        Assert.Equal(Port().Replace(closedDetail, "PORT"), Port().Replace(openDetail, "PORT"));
    }

    [Fact]
    public async Task EgressHandler_NameResolvingToLoopback_IsRefusedAtConnectTime_UnlessAllowed()
    {
        // Arrange: "localhost" passes no registration-time check here; only the socket sees where it leads.
        var models = new UriBuilder(api.Sandbox.OpenAiEndpoint) { Host = "localhost", Path = "/v1/models" }.Uri;
        using var refusing = new HttpClient(new EgressPolicy(Options.Create(new EgressOptions())).CreateHandler());
        using var allowing = new HttpClient(new EgressPolicy(Options.Create(new EgressOptions { Allow = ["127.0.0.1", "::1"] })).CreateHandler());

        // Act
        var refused = await Record.ExceptionAsync(() => refusing.GetAsync(models));
        var allowed = await allowing.GetAsync(models);

        // Assert
        Assert.IsType<HttpRequestException>(refused);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public void OpenAiConnectorTypes_SendThroughTheEgressPolicysHandler()
    {
        // Act: the transport the openai and azure-openai connector types build tenants' providers with.
        var handler = api.Factory.Services.GetRequiredService<Pipelines.Connectors.OpenAI.OpenAiTransport>().Handler;

        // Assert: the policy's own handler (checks the dialled address, follows no redirect, uses no proxy).
        var sockets = Assert.IsType<SocketsHttpHandler>(handler);
        Assert.NotNull(sockets.ConnectCallback);
        Assert.False(sockets.AllowAutoRedirect);
        Assert.False(sockets.UseProxy);
    }

    private async Task<string> ReachableDetailAsync(string url)
    {
        var response = await _admin.PostAsJsonAsync("/api/v1/connectors", new { name = "port-probe", url });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return problem.GetProperty("report").GetProperty("checks").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == "manifest.reachable").GetProperty("detail").GetString()!;
    }

    private async Task<HttpResponseMessage> PutAsync(string id, object body, string? ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/providers/{id}") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await _admin.SendAsync(request);
    }

    [GeneratedRegex(@":\d+/")]
    private static partial Regex Port();

    /// <summary>A loopback TCP server that writes the same bytes to every connection and closes it.</summary>
    private sealed class RawServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private Task _accepting = Task.CompletedTask;

        public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/";

        public static Task<RawServer> StartAsync(string answer)
        {
            var server = new RawServer();
            server._listener.Start();
            server._accepting = server.AcceptAsync(Encoding.ASCII.GetBytes(answer));
            return Task.FromResult(server);
        }

        private async Task AcceptAsync(byte[] answer)
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    var stream = client.GetStream();
                    await stream.WriteAsync(answer, _stop.Token);
                    await Task.Delay(50, _stop.Token);
                }
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Stopped.
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
#pragma warning disable VSTHRD003 // the accept loop is this object's own task, started in StartAsync
            await _accepting;
#pragma warning restore VSTHRD003
            _stop.Dispose();
        }
    }
}
