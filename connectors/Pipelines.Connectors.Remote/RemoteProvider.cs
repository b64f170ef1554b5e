using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;

namespace Pipelines.Connectors.Remote;

/// <summary>
/// A provider served by a remote connector: <c>POST /invoke</c> with the step's input, the deadline in a header and
/// the provider's secret as a bearer token. Every failure leaves as a <see cref="ConnectorException"/> built by
/// <see cref="RemoteFailures"/>.
/// </summary>
public sealed class RemoteProvider : IStreamingProviderConnector
{
    private readonly Uri _invoke;
    private readonly string? _apiKey;
    private readonly JsonObject _options;
    private readonly TimeSpan _timeout;
    private readonly HttpClient _http;

    public RemoteProvider(
        string providerId, Uri baseUrl, ProviderManifest manifest, string? apiKey, JsonObject? options, TimeSpan timeout, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(manifest);
        ProviderId = providerId;
        BaseUrl = baseUrl;
        Manifest = manifest;
        _invoke = RemoteProtocol.Resolve(baseUrl, RemoteProtocol.InvokePath);
        _apiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey;
        _options = options ?? [];
        _timeout = timeout;
        _http = http ?? RemoteHttp.Shared;
    }

    public string ProviderId { get; }

    public Uri BaseUrl { get; }

    public ProviderManifest Manifest { get; }

    public async Task<ProviderResponse> InvokeAsync(string capability, JsonObject input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        try
        {
            using var request = Request(capability, input, stream: false);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var body = await response.Content.ReadAsStringAsync(deadline.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw RemoteFailures.FromStatus(ProviderId, response.StatusCode, body, response.Headers.RetryAfter);
            }

            return Parse(body);
        }
        catch (Exception exception) when (exception is not ConnectorException)
        {
            throw RemoteFailures.FromException(exception, ProviderId, cancellationToken.IsCancellationRequested);
        }
    }

    /// <summary>
    /// Streams a chat answer as server-sent events. A connector that answers with plain JSON instead is accepted as
    /// one chunk; a stream that ends without <c>done</c> throws (unavailable), never ends as if complete.
    /// </summary>
    public async IAsyncEnumerable<StreamChunk> StreamAsync(
        string capability, JsonObject input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!Manifest.Streaming)
        {
            throw new ConnectorException(OutcomeClass.InvalidRequest, $"{ProviderId}: model '{Manifest.Model}' does not stream.");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        using var request = Request(capability, input, stream: true);
        using var response = await Guard(() => _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var body = await Guard(() => response.Content.ReadAsStringAsync(deadline.Token), cancellationToken);
            throw RemoteFailures.FromStatus(ProviderId, response.StatusCode, body, response.Headers.RetryAfter);
        }

        if (response.Content.Headers.ContentType?.MediaType != RemoteProtocol.EventStream)
        {
            var whole = Parse(await Guard(() => response.Content.ReadAsStringAsync(deadline.Token), cancellationToken));
            var answer = ChatJson.ReadResult(whole.Output);
            yield return new StreamChunk(
                answer.Text,
                answer.FinishReason ?? "stop",
                whole.Usage ?? answer.Usage,
                answer.ToolCalls?.Select((c, i) => new ToolCallDelta(i, c.Id, c.Name, c.Arguments.ToJsonString())).ToList());
            yield break;
        }

        using var reader = new StreamReader(await Guard(() => response.Content.ReadAsStreamAsync(deadline.Token), cancellationToken), Encoding.UTF8);
        while (true)
        {
            var (name, data) = await Guard(() => ReadEventAsync(reader, deadline.Token), cancellationToken);
            switch (name)
            {
                case null:
                    throw RemoteFailures.Malformed(ProviderId, "the stream ended without a 'done' event");
                case "chunk":
                    yield return new StreamChunk(Data(data)["delta"]?.ToString());
                    break;
                case "done":
                    var done = Data(data);
                    yield return new StreamChunk(null, done[ChatFields.FinishReason]?.ToString() ?? "stop", Usage(done["usage"]));
                    yield break;
                case "error":
                    throw RemoteFailures.FromStreamError(ProviderId, data);
                default:
                    break; // unknown events are ignored (additive protocol changes)
            }
        }
    }

    private HttpRequestMessage Request(string capability, JsonObject input, bool stream)
    {
        var body = new JsonObject
        {
            ["capability"] = capability,
            ["model"] = Manifest.Model,
            ["input"] = input.DeepClone(),
            ["options"] = _options.DeepClone(),
        };
        var request = new HttpRequestMessage(HttpMethod.Post, _invoke)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(RemoteProtocol.ProtocolHeader, RemoteProtocol.Version);
        request.Headers.Add(RemoteProtocol.DeadlineHeader, ((long)_timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(stream ? RemoteProtocol.EventStream : "application/json"));
        if (_apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        }

        return request;
    }

    private ProviderResponse Parse(string body)
    {
        var root = JsonNode.Parse(body) as JsonObject ?? throw RemoteFailures.Malformed(ProviderId, "the body is not a JSON object");
        var output = root["output"] ?? throw RemoteFailures.Malformed(ProviderId, "'output' is missing");
        output = output.DeepClone();
        if (output is JsonObject obj && !obj.ContainsKey(CapabilityFields.Provider))
        {
            // The in-process connectors name the provider in their output; a remote one is interchangeable with them.
            obj[CapabilityFields.Provider] = ProviderId;
        }

        return new ProviderResponse(output, Usage(root["usage"]));
    }

    private JsonObject Data(string? data) =>
        (data is null ? null : JsonNode.Parse(data) as JsonObject) ?? throw RemoteFailures.Malformed(ProviderId, "an event's data is not a JSON object");

    private static TokenUsage? Usage(JsonNode? node) =>
        node is JsonObject usage
        && usage["inputTokens"] is JsonValue i && i.TryGetValue<int>(out var input)
        && usage["outputTokens"] is JsonValue o && o.TryGetValue<int>(out var output)
            ? new TokenUsage(input, output)
            : null;

    /// <summary>One server-sent event (its name, default <c>message</c>, and its joined data lines); null name at the end.</summary>
    private static async Task<(string? Name, string? Data)> ReadEventAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        string? name = null;
        StringBuilder? data = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (name is not null || data is not null)
                {
                    return (name ?? "message", data?.ToString());
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            if (field == "event")
            {
                name = value;
            }
            else if (field == "data")
            {
                data = data is null ? new StringBuilder(value) : data.Append('\n').Append(value);
            }
        }

        return (null, null);
    }

    private async Task<T> Guard<T>(Func<Task<T>> call, CancellationToken callerToken)
    {
        try
        {
            return await call();
        }
        catch (Exception exception) when (exception is not ConnectorException)
        {
            throw RemoteFailures.FromException(exception, ProviderId, callerToken.IsCancellationRequested);
        }
    }
}
