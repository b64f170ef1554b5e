using System.Net;
using System.Net.Sockets;
using System.Text;
using Pipelines.Sandbox;
using static Pipelines.Connectors.OpenAI.Tests.SandboxProviders;

namespace Pipelines.Connectors.OpenAI.Tests;

/// <summary>
/// How a streamed answer may end, over real HTTP from a server that writes exactly the events given (the sandbox always
/// ends a finished stream with [DONE]): a clean end after a finish reason is a whole answer, [DONE] or not.
/// </summary>
public sealed class StreamEndTests
{
    private const string Id = "chatcmpl-1";

    [Fact]
    public async Task Stream_FinishAndUsageWithoutDone_IsCompleteWithUsage()
    {
        // Arrange
        using var server = new EventServer();
        var serving = server.AnswerOnceAsync(Content("one"), Content(" two"), Finish("stop"), Usage());

        // Act
        var (chunks, failure) = await CollectAsync(Provider(server.Endpoint).StreamAsync("chat", Prompt("hi"), CancellationToken.None));
        await serving;

        // Assert
        Assert.Null(failure);
        Assert.Equal("one two", Text(chunks));
        Assert.Equal("stop", chunks[^1].FinishReason);
        Assert.Equal(new TokenUsage(3, 2), chunks[^1].Usage);
    }

    [Fact]
    public async Task Stream_FinishWithoutUsageOrDone_IsComplete()
    {
        // Arrange
        using var server = new EventServer();
        var serving = server.AnswerOnceAsync(Content("one"), Finish("length"));

        // Act
        var (chunks, failure) = await CollectAsync(Provider(server.Endpoint).StreamAsync("chat", Prompt("hi"), CancellationToken.None));
        await serving;

        // Assert
        Assert.Null(failure);
        Assert.Equal("length", chunks[^1].FinishReason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Stream_EndsWithoutFinishReasonOrDone_StaysIncomplete(bool nullFinishReasonWritten)
    {
        // Arrange: "finish_reason": null in every chunk is what servers send mid-answer; it must not pass for a finish
        var last = nullFinishReasonWritten ? OpenAiResponses.Chunk(Id, "m", " two", null).ToJsonString() : Content(" two");
        using var server = new EventServer();
        var serving = server.AnswerOnceAsync(Content("one"), last);

        // Act
        var (chunks, failure) = await CollectAsync(Provider(server.Endpoint).StreamAsync("chat", Prompt("hi"), CancellationToken.None));
        await serving;

        // Assert
        Assert.NotNull(failure);
        Assert.Equal(OutcomeClass.Unavailable, failure.Outcome);
        Assert.Contains("incomplete", failure.Message, StringComparison.Ordinal);
        Assert.All(chunks, c => Assert.Null(c.FinishReason));
    }

    private static string Content(string text) => OpenAiResponses.Chunk(Id, "m", text, null).ToJsonString().Replace(",\"finish_reason\":null", "", StringComparison.Ordinal);

    private static string Finish(string reason) => OpenAiResponses.Chunk(Id, "m", null, reason).ToJsonString();

    private static string Usage() => OpenAiResponses.UsageChunk(Id, "m", 3, 2).ToJsonString();

    /// <summary>An HTTP server on loopback that answers one request with the given events as SSE, then ends the body cleanly.</summary>
    private sealed class EventServer : IDisposable
    {
        private readonly HttpListener _listener = new();

        public EventServer()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Endpoint = new Uri($"http://127.0.0.1:{port}/v1/");
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
        }

        public Uri Endpoint { get; }

        public async Task AnswerOnceAsync(params string[] events)
        {
            var context = await _listener.GetContextAsync();
            context.Response.ContentType = "text/event-stream";
            context.Response.SendChunked = true;
            foreach (var data in events)
            {
                await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes($"data: {data}\n\n"));
                await context.Response.OutputStream.FlushAsync();
            }

            context.Response.Close();
        }

        public void Dispose() => _listener.Close();
    }
}
