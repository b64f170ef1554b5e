using System.Diagnostics;
using System.Net.Http.Headers;

namespace Pipelines.Routing.Benchmarks;

/// <summary>
/// One way to reach the sandbox's chat completions (directly, or through a gateway): a pooled client of its own and
/// the headers that path needs. A call reads the whole answer; a streamed one also notes when its first event arrived.
/// </summary>
public sealed class ChatPath : IDisposable
{
    private static readonly byte[] Plain = """{"model":"bench","messages":[{"role":"user","content":"hello there"}]}"""u8.ToArray();
    private static readonly byte[] Streamed = """{"model":"bench","messages":[{"role":"user","content":"hello there"}],"stream":true}"""u8.ToArray();
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _client;
    private readonly Uri _chat;
    private readonly IReadOnlyDictionary<string, string> _headers;

    public ChatPath(string name, Uri chatCompletions, IReadOnlyDictionary<string, string> headers)
    {
        Name = name;
        _chat = chatCompletions;
        _headers = headers;
        _client = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public string Name { get; }

    public async Task<CallTiming> CallAsync(bool stream)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _chat)
        {
            Content = new ByteArrayContent(stream ? Streamed : Plain) { Headers = { ContentType = Json } },
        };
        foreach (var (header, value) in _headers)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        var started = Stopwatch.GetTimestamp();
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{Name} answered {(int)response.StatusCode}", null, response.StatusCode);
        }

        await using var body = await response.Content.ReadAsStreamAsync();
        var events = new EventScanner();
        double? firstEvent = null;
        var buffer = new byte[4096];
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            events.Scan(buffer.AsSpan(0, read));
            if (stream && firstEvent is null && events.SawData)
            {
                firstEvent = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }

        if (stream && !events.SawDone)
        {
            throw new InvalidDataException($"{Name} ended a stream without [DONE].");
        }

        return new CallTiming(Stopwatch.GetElapsedTime(started).TotalMilliseconds, firstEvent);
    }

    public void Dispose() => _client.Dispose();

    /// <summary>Finds <c>data:</c> (the first event) and <c>[DONE]</c> across read boundaries, without buffering the body.</summary>
    private sealed class EventScanner
    {
        private int _data;
        private int _done;

        public bool SawData { get; private set; }

        public bool SawDone { get; private set; }

        public void Scan(ReadOnlySpan<byte> bytes)
        {
            foreach (var b in bytes)
            {
                _data = Advance(_data, b, "data:"u8);
                SawData |= _data == 5;
                _done = Advance(_done, b, "[DONE]"u8);
                SawDone |= _done == 6;
            }
        }

        // Both patterns have no repeated prefix, so a mismatch restarts at 0 (or 1 if it begins the pattern again).
        private static int Advance(int matched, byte next, ReadOnlySpan<byte> pattern)
        {
            if (matched == pattern.Length)
            {
                matched = 0;
            }

            return next == pattern[matched] ? matched + 1 : next == pattern[0] ? 1 : 0;
        }
    }
}
