using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;

namespace Pipelines.Connectors.OpenAI;

/// <summary>
/// Relays OpenAI API calls to the provider's endpoint over plain HTTP: the client's body goes out with only its model
/// replaced (<see cref="WireBody"/>), the answer comes back byte for byte, or event by event when streamed. Failures
/// become outcome classes exactly as on the Semantic Kernel path (<see cref="OpenAiFailures"/>).
/// </summary>
internal sealed class OpenAiRelay(string providerId, Uri endpoint, string chatModel, string? embeddingModel, string? apiKey, HttpClient http, TimeSpan timeout)
{
    private readonly string _base = endpoint.ToString().TrimEnd('/') + "/";

    public async Task<ProviderResponse> RelayAsync(OpenAiWireRequest request, CancellationToken cancellationToken)
    {
        var (body, _) = WireBody.For(request.Body, ModelFor(request.Path), streaming: false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(Post(request.Path, body), HttpCompletionOption.ResponseContentRead, deadline.Token);
            var answer = await response.Content.ReadAsByteArrayAsync(deadline.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw WireEvents.StatusFailure(providerId, response, Encoding.UTF8.GetString(answer));
            }

            return new ProviderResponse(new JsonObject(), WireEvents.AnswerUsage(providerId, answer)) { Wire = answer };
        }
        catch (Exception exception) when (exception is not ConnectorException)
        {
            throw exception.ToConnectorException(providerId, cancellationToken.IsCancellationRequested);
        }
    }

    public async IAsyncEnumerable<StreamChunk> RelayStreamAsync(OpenAiWireRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (body, usageAdded) = WireBody.For(request.Body, ModelFor(request.Path), streaming: true, request.Prefill);
        var skip = request.Skip ?? "";
        using var silence = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        silence.CancelAfter(timeout);
        using var response = await SendStreamingAsync(body, request.Path, silence.Token, cancellationToken);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(silence.Token), Encoding.UTF8);
        string? finish = null;
        TokenUsage? usage = null;
        var started = false;
        while (true)
        {
            silence.CancelAfter(timeout);
            string? line;
            try
            {
                line = await reader.ReadLineAsync(silence.Token);
            }
            catch (Exception exception) when (exception is not ConnectorException)
            {
                throw exception.ToConnectorException(providerId, cancellationToken.IsCancellationRequested, streaming: started);
            }

            if (line is null)
            {
                break;
            }

            if (!line.StartsWith("data:", StringComparison.Ordinal))
            {
                continue;
            }

            var data = line[5..].TrimStart();
            if (data == "[DONE]")
            {
                break;
            }

            var chunk = WireEvents.Chunk(providerId, data, started);
            started = true;
            finish = chunk.FinishReason ?? finish;
            usage = chunk.Usage ?? usage;
            var text = chunk.Text;
            if (skip.Length > 0)
            {
                // A re-asked answer: what the client already has is not relayed again, and must be what the answer starts with.
                if (chunk.FinishReason is not null || (text is not null && !skip.StartsWith(text, StringComparison.Ordinal) && !text.StartsWith(skip, StringComparison.Ordinal)))
                {
                    throw new ConnectorException(OutcomeClass.Unavailable, $"{providerId}: the new answer does not start with the part already delivered.");
                }

                if (text is null || skip.StartsWith(text, StringComparison.Ordinal))
                {
                    skip = skip[(text?.Length ?? 0)..];
                    continue;
                }

                text = text[skip.Length..];
                data = WireEvents.WithText(data, text);
                skip = "";
            }

            if (!(usageAdded && chunk.UsageOnly))
            {
                yield return new StreamChunk(text, Wire: data);
            }
        }

        // A stream that ended cleanly after a finish reason is whole, [DONE] or not; one that ended before is not.
        yield return finish is null
            ? throw OpenAiFailures.Incomplete(providerId, started ? "it ended without a finish reason" : "it ended before any chunk")
            : new StreamChunk(null, finish, usage);
    }

    private async Task<HttpResponseMessage> SendStreamingAsync(byte[] body, string path, CancellationToken silence, CancellationToken caller)
    {
        HttpResponseMessage? response = null;
        try
        {
            response = await http.SendAsync(Post(path, body), HttpCompletionOption.ResponseHeadersRead, silence);
            if (!response.IsSuccessStatusCode)
            {
                throw WireEvents.StatusFailure(providerId, response, await response.Content.ReadAsStringAsync(silence));
            }

            return response;
        }
        catch (Exception exception)
        {
            response?.Dispose();
            throw exception.ToConnectorException(providerId, caller.IsCancellationRequested);
        }
    }

    private HttpRequestMessage Post(string path, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _base + path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (!string.IsNullOrEmpty(apiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return request;
    }

    private string ModelFor(string path) => path switch
    {
        OpenAiWireRequest.ChatCompletions => chatModel,
        OpenAiWireRequest.Embeddings when embeddingModel is not null => embeddingModel,
        _ => throw new ConnectorException(OutcomeClass.InvalidRequest, $"{providerId} does not relay '{path}'."),
    };
}
