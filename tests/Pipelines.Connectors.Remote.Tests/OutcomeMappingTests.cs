using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Pipelines.Testing;

namespace Pipelines.Connectors.Remote.Tests;

/// <summary>Every failure of a remote call, over real HTTP, becomes the outcome class the protocol table gives.</summary>
public sealed class OutcomeMappingTests : IAsyncLifetime
{
    private ScriptedConnector _connector = null!;

    public async Task InitializeAsync() => _connector = await ScriptedConnector.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    [Theory]
    [InlineData(400, """{"error":{"class":"invalid_request","message":"bad"}}""", OutcomeClass.InvalidRequest)]
    [InlineData(400, """{"error":{"class":"filtered","message":"policy"}}""", OutcomeClass.Filtered)]
    [InlineData(400, """{"error":{"class":"context_length","message":"too long"}}""", OutcomeClass.ContextLength)]
    [InlineData(401, """{"error":{"class":"auth","message":"no"}}""", OutcomeClass.Auth)]
    [InlineData(403, "", OutcomeClass.Auth)]
    [InlineData(404, "", OutcomeClass.InvalidRequest)]
    [InlineData(408, "", OutcomeClass.Timeout)]
    [InlineData(422, "not json at all", OutcomeClass.InvalidRequest)]
    [InlineData(429, "", OutcomeClass.RateLimited)]
    [InlineData(500, "", OutcomeClass.Unavailable)]
    [InlineData(502, "<html>bad gateway</html>", OutcomeClass.Unavailable)]
    [InlineData(503, """{"error":{"class":"unavailable","message":"warming up"}}""", OutcomeClass.Unavailable)]
    [InlineData(504, """{"error":{"class":"timeout","message":"deadline"}}""", OutcomeClass.Timeout)]
    [InlineData(500, """{"error":{"class":"no-such-class","message":"?"}}""", OutcomeClass.Unavailable)]
    [InlineData(400, """{"error":{"class":"stalled","message":"model stalled"}}""", OutcomeClass.Stalled)]
    public async Task Invoke_ErrorStatus_MapsToOutcomeClass(int status, string body, OutcomeClass expected)
    {
        // Arrange
        _connector.Invoke = context => Answer(context, status, body);

        // Act
        var failure = await FailAsync(Provider());

        // Assert
        Assert.Equal(expected, failure.Outcome);
        Assert.Contains($"HTTP {status}", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_429WithRetryAfterHeader_RateLimitedWithTheWait()
    {
        // Arrange
        _connector.Invoke = context =>
        {
            context.Response.Headers.RetryAfter = "7";
            return Answer(context, 429, """{"error":{"class":"rate_limited","message":"slow down"}}""");
        };

        // Act
        var failure = await FailAsync(Provider());

        // Assert
        Assert.Equal(OutcomeClass.RateLimited, failure.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(7), failure.RetryAfter);
        Assert.Contains("slow down", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_429WithRetryAfterInBodyOnly_RateLimitedWithTheWait()
    {
        // Arrange
        _connector.Invoke = context => Answer(context, 429, """{"error":{"class":"rate_limited","message":"later","retryAfterSeconds":3}}""");

        // Act
        var failure = await FailAsync(Provider());

        // Assert
        Assert.Equal(OutcomeClass.RateLimited, failure.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(3), failure.RetryAfter);
    }

    [Theory]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("""{"result":{}}""", "'output' is missing")]
    public async Task Invoke_MalformedSuccess_Unavailable(string body, string detail)
    {
        // Arrange
        _connector.Invoke = context => Answer(context, 200, body);

        // Act
        var failure = await FailAsync(Provider());

        // Assert
        Assert.Equal(OutcomeClass.Unavailable, failure.Outcome);
        Assert.Contains(detail, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_ConnectionRefused_Unavailable()
    {
        // Arrange
        var provider = Provider(new Uri($"http://127.0.0.1:{FreePort.Next()}/"));

        // Act
        var failure = await FailAsync(provider);

        // Assert
        Assert.Equal(OutcomeClass.Unavailable, failure.Outcome);
        Assert.Contains("could not reach", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_ConnectionAbortedMidAnswer_Unavailable()
    {
        // Arrange
        _connector.Invoke = context =>
        {
            context.Abort();
            return Task.CompletedTask;
        };

        // Act
        var failure = await FailAsync(Provider());

        // Assert
        Assert.Equal(OutcomeClass.Unavailable, failure.Outcome);
    }

    [Fact]
    public async Task Invoke_SlowerThanTimeout_TimeoutAndTheDeadlineWasAnnounced()
    {
        // Arrange
        _connector.Invoke = async context => await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);

        // Act
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var failure = await FailAsync(Provider(timeoutSeconds: 1));

        // Assert
        Assert.Equal(OutcomeClass.Timeout, failure.Outcome);
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.9, 5);
        Assert.True(_connector.Requests.TryPeek(out var headers));
        Assert.Equal("1000", headers[RemoteProtocol.DeadlineHeader].ToString());
        Assert.Equal("1", headers[RemoteProtocol.ProtocolHeader].ToString());
    }

    [Fact]
    public async Task Invoke_CallerCancels_CancelledNotTimeout()
    {
        // Arrange
        _connector.Invoke = async context => await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        // Act
        var failure = await Assert.ThrowsAsync<ConnectorException>(() =>
            Provider().InvokeAsync(Capabilities.Chat, new JsonObject { ["prompt"] = "hi" }, cancel.Token));

        // Assert
        Assert.Equal(OutcomeClass.Cancelled, failure.Outcome);
    }

    [Fact]
    public async Task Invoke_WithApiKey_SendsBearerAndForwardsOptions()
    {
        // Arrange
        string? body = null;
        _connector.Invoke = async context =>
        {
            body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            await Answer(context, 200, """{"output":{"text":"hi"},"usage":{"inputTokens":1,"outputTokens":1}}""");
        };
        var provider = RemoteConnectorType.Generic().Create(new ProviderSettings(
            "scripted", _connector.Url, "m1", "s3cret", new JsonObject { ["capabilities"] = new JsonArray("chat"), ["temperature"] = 0.5 }));

        // Act
        var response = await provider.InvokeAsync(Capabilities.Chat, new JsonObject { ["prompt"] = "hi" }, CancellationToken.None);

        // Assert
        Assert.True(_connector.Requests.TryPeek(out var headers));
        Assert.Equal("Bearer s3cret", headers.Authorization.ToString());
        var sent = JsonNode.Parse(body!)!;
        Assert.Equal("m1", sent["model"]!.GetValue<string>());
        Assert.Equal(0.5, sent["options"]!["temperature"]!.GetValue<double>());
        Assert.Null(sent["options"]!["capabilities"]);
        Assert.Equal(new TokenUsage(1, 1), response.Usage);
        Assert.Equal("scripted", response.Output["provider"]!.GetValue<string>());
    }

    [Fact]
    public async Task Stream_EndsWithoutDone_Unavailable()
    {
        // Arrange
        _connector.Invoke = context => Events(context, "event: chunk\ndata: {\"delta\":\"half an\"}\n\n");

        // Act
        var failure = await Assert.ThrowsAsync<ConnectorException>(() => DrainAsync(Provider(streaming: true)));

        // Assert
        Assert.Equal(OutcomeClass.Unavailable, failure.Outcome);
        Assert.Contains("without a 'done' event", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_ErrorEvent_ItsClass()
    {
        // Arrange
        _connector.Invoke = context => Events(context,
            "event: chunk\ndata: {\"delta\":\"a\"}\n\nevent: error\ndata: {\"error\":{\"class\":\"filtered\",\"message\":\"policy\"}}\n\n");

        // Act
        var failure = await Assert.ThrowsAsync<ConnectorException>(() => DrainAsync(Provider(streaming: true)));

        // Assert
        Assert.Equal(OutcomeClass.Filtered, failure.Outcome);
    }

    [Fact]
    public async Task Stream_StatusBeforeFirstEvent_MapsLikeInvoke()
    {
        // Arrange
        _connector.Invoke = context => Answer(context, 429, """{"error":{"class":"rate_limited","message":"busy","retryAfterSeconds":2}}""");

        // Act
        var failure = await Assert.ThrowsAsync<ConnectorException>(() => DrainAsync(Provider(streaming: true)));

        // Assert
        Assert.Equal(OutcomeClass.RateLimited, failure.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(2), failure.RetryAfter);
    }

    [Fact]
    public void FromStatus_RetryAfterDate_WaitUntilThen()
    {
        // Arrange
        var now = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var header = new System.Net.Http.Headers.RetryConditionHeaderValue(now.AddSeconds(30));

        // Act
        var failure = RemoteFailures.FromStatus("p", System.Net.HttpStatusCode.TooManyRequests, null, header, now);

        // Assert
        Assert.Equal(OutcomeClass.RateLimited, failure.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(30), failure.RetryAfter);
    }

    private IStreamingProviderConnector Provider(Uri? url = null, int timeoutSeconds = 5, bool streaming = false) =>
        (IStreamingProviderConnector)RemoteConnectorType.Generic().Create(new ProviderSettings(
            "scripted", url ?? _connector.Url, "m1", null,
            new JsonObject { ["capabilities"] = new JsonArray("chat"), ["timeoutSeconds"] = timeoutSeconds, ["streaming"] = streaming }));

    private static Task<ConnectorException> FailAsync(IProviderConnector provider) =>
        Assert.ThrowsAsync<ConnectorException>(() => provider.InvokeAsync(Capabilities.Chat, new JsonObject { ["prompt"] = "hi" }, CancellationToken.None));

    private static async Task DrainAsync(IStreamingProviderConnector provider)
    {
        await foreach (var _ in provider.StreamAsync(Capabilities.Chat, new JsonObject { ["prompt"] = "hi" }, CancellationToken.None))
        {
        }
    }

    private static Task Answer(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body);
    }

    private static async Task Events(HttpContext context, string text)
    {
        context.Response.ContentType = "text/event-stream";
        await context.Response.WriteAsync(text);
    }
}
