using System.ClientModel;
using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Pipelines.Connectors.OpenAI;

/// <summary>
/// A provider on an OpenAI-compatible endpoint, called through Microsoft.Extensions.AI's <see cref="IChatClient"/> over
/// the official OpenAI client: chat (whole or streamed; tools, images, JSON schemas, sampling options) and, when an
/// embedding model is configured, embed. Every failure leaves as a <see cref="ConnectorException"/> (see <see cref="OpenAiFailures"/>).
/// </summary>
public sealed class OpenAiProvider : IStreamingProviderConnector, IOpenAiWireConnector
{
    private readonly IChatClient _chat;
    private readonly IEmbeddingGenerator<string, Embedding<float>>? _embeddings;
    private readonly TimeSpan _timeout;
    private readonly OpenAiRelay _relay;

    public OpenAiProvider(string providerId, OpenAiProviderOptions options, HttpClient httpClient, string connector = "openai")
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClient);
        ProviderId = providerId;
        var embeds = !string.IsNullOrWhiteSpace(options.EmbeddingModel);
        Manifest = new ProviderManifest(
            connector,
            options.Model,
            embeds ? [Connectors.Capabilities.Chat, Connectors.Capabilities.Embed] : [Connectors.Capabilities.Chat],
            Modalities: ["text", "image"],
            JsonMode: true,
            Tools: true,
            Streaming: true,
            JsonSchema: true,
            MultipleChoices: true);
        _timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        httpClient.Timeout = _timeout;
        _relay = new OpenAiRelay(providerId, options.Endpoint ?? OpenAiConnectorType.DefaultEndpoint, options.Model, options.EmbeddingModel, options.ApiKey, httpClient, _timeout);

        var client = new OpenAIClient(new ApiKeyCredential(string.IsNullOrEmpty(options.ApiKey) ? "none" : options.ApiKey), ClientOptions(options.Endpoint, httpClient));
        _chat = client.GetChatClient(options.Model).AsIChatClient();
        _embeddings = embeds ? client.GetEmbeddingClient(options.EmbeddingModel).AsIEmbeddingGenerator() : null;
    }

    /// <summary>OpenAI's limit on inputs per embeddings request.</summary>
    public const int MaxTextsPerCall = 2048;

    public string ProviderId { get; }

    public ProviderManifest Manifest { get; }

    public async Task<ProviderResponse> InvokeAsync(string capability, JsonObject input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return capability switch
        {
            Connectors.Capabilities.Chat => await ChatAsync(input, cancellationToken),
            Connectors.Capabilities.Embed when _embeddings is not null => await EmbedAsync(_embeddings, input, cancellationToken),
            _ => throw NotServed(capability),
        };
    }

    public Task<ProviderResponse> RelayAsync(OpenAiWireRequest request, CancellationToken cancellationToken) =>
        _relay.RelayAsync(request, cancellationToken);

    public IAsyncEnumerable<StreamChunk> RelayStreamAsync(OpenAiWireRequest request, CancellationToken cancellationToken) =>
        _relay.RelayStreamAsync(request, cancellationToken);

    /// <summary>
    /// Streams a chat answer: one chunk per piece of text, then a last chunk with the finish reason (and usage when the
    /// provider sent it). A stream that is cut, holds a malformed chunk, or ends without a finish reason or without
    /// <c>[DONE]</c> throws <see cref="OutcomeClass.Unavailable"/> ("incomplete"); a content-filter finish throws
    /// <see cref="OutcomeClass.Filtered"/>; silence longer than the provider's timeout throws <see cref="OutcomeClass.Timeout"/>.
    /// </summary>
    public async IAsyncEnumerable<StreamChunk> StreamAsync(string capability, JsonObject input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (capability != Connectors.Capabilities.Chat)
        {
            throw NotServed(capability);
        }

        var request = ChatJson.ReadRequest(input);
        using var silence = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var updates = _chat.GetStreamingResponseAsync(OpenAiChatMapping.Messages(request), OpenAiChatMapping.Options(request), silence.Token)
            .GetAsyncEnumerator(silence.Token);
        string? finish = null;
        TokenUsage? usage = null;
        var started = false;
        var calls = 0;
        try
        {
            while (true)
            {
                silence.CancelAfter(_timeout);
                try
                {
                    if (!await updates.MoveNextAsync())
                    {
                        break;
                    }
                }
                catch (Exception exception) when (exception is not ConnectorException)
                {
                    throw exception.ToConnectorException(ProviderId, cancellationToken.IsCancellationRequested, streaming: started);
                }

                silence.CancelAfter(Timeout.InfiniteTimeSpan);
                started = true;
                var update = updates.Current;
                if (update.Contents.OfType<UsageContent>().FirstOrDefault() is { } tokens)
                {
                    usage = OpenAiChatMapping.Usage(tokens.Details);
                }

                var reason = OpenAiChatMapping.FinishReason(update.FinishReason);
                if (IsContentFilter(reason))
                {
                    throw Filtered();
                }

                finish = reason ?? finish;
                var toolCalls = update.Contents.OfType<FunctionCallContent>().Select(c => OpenAiChatMapping.Delta(c, calls++, ProviderId)).ToList();
                if (!string.IsNullOrEmpty(update.Text) || toolCalls.Count > 0)
                {
                    yield return new StreamChunk(string.IsNullOrEmpty(update.Text) ? null : update.Text, ToolCalls: toolCalls.Count == 0 ? null : toolCalls);
                }
            }
        }
        finally
        {
            await DisposeQuietlyAsync(updates);
        }

        if (finish is null)
        {
            throw OpenAiFailures.Incomplete(ProviderId, started ? "it ended without a finish reason" : "it ended before any chunk");
        }

        yield return new StreamChunk(null, finish, usage);
    }

    private async Task<ProviderResponse> ChatAsync(JsonObject input, CancellationToken cancellationToken)
    {
        var request = ChatJson.ReadRequest(input);
        ChatResponse answer;
        using var deadline = Deadline(cancellationToken);
        try
        {
            answer = await _chat.GetResponseAsync(OpenAiChatMapping.Messages(request), OpenAiChatMapping.Options(request), deadline.Token);
        }
        catch (Exception exception) when (exception is not ConnectorException)
        {
            throw exception.ToConnectorException(ProviderId, cancellationToken.IsCancellationRequested);
        }

        var result = OpenAiChatMapping.Result(answer, ProviderId);
        if (IsContentFilter(result.FinishReason))
        {
            throw Filtered();
        }

        return new ProviderResponse(ChatJson.WriteResult(result, ProviderId), result.Usage);
    }

    /// <summary>Embeds texts; the output has the ONNX connector's shape (<see cref="EmbedJson.WriteResult"/>).</summary>
    private async Task<ProviderResponse> EmbedAsync(
        IEmbeddingGenerator<string, Embedding<float>> embeddings, JsonObject input, CancellationToken cancellationToken)
    {
        var request = EmbedJson.ReadRequest(input);
        if (request.Inputs.Count > MaxTextsPerCall)
        {
            throw new ConnectorException(
                OutcomeClass.InvalidRequest, $"'input' holds {request.Inputs.Count} texts; at most {MaxTextsPerCall} are accepted per call.");
        }

        GeneratedEmbeddings<Embedding<float>> generated;
        using var deadline = Deadline(cancellationToken);
        try
        {
            generated = await embeddings.GenerateAsync(
                request.Inputs, new EmbeddingGenerationOptions { Dimensions = request.Dimensions }, deadline.Token);
        }
        catch (Exception exception) when (exception is not ConnectorException)
        {
            throw exception.ToConnectorException(ProviderId, cancellationToken.IsCancellationRequested);
        }

        var inputTokens = generated.Usage?.InputTokenCount ?? generated.Usage?.TotalTokenCount;
        var usage = inputTokens is { } count ? new TokenUsage((int)count, 0) : null;
        var result = new EmbedResult([.. generated.Select(e => e.Vector.ToArray())], request.ScalarInput, usage);
        return new ProviderResponse(EmbedJson.WriteResult(result, request.Inputs.Count, ProviderId), usage);
    }

    /// <summary>
    /// The provider's time limit over a whole call, body included: HttpClient.Timeout stops at the headers when the
    /// OpenAI client reads the body itself, so a provider that stalls mid-body would otherwise hold the call forever.
    /// </summary>
    private CancellationTokenSource Deadline(CancellationToken cancellationToken)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        return deadline;
    }

    /// <summary>The OpenAI client as Semantic Kernel builds it for a custom HttpClient (no retries, no timeout of its own), plus the stream guard.</summary>
    private static OpenAIClientOptions ClientOptions(Uri? endpoint, HttpClient httpClient)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = endpoint,
            Transport = new HttpClientPipelineTransport(httpClient),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        };
        options.AddPolicy(new EventStreamGuard(), PipelinePosition.BeforeTransport);
        return options;
    }

    private static async ValueTask DisposeQuietlyAsync(IAsyncEnumerator<ChatResponseUpdate> updates)
    {
        try
        {
            await updates.DisposeAsync();
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or HttpRequestException or ClientResultException)
        {
            // The stream has already failed or been abandoned; closing it cannot make that worse.
        }
    }

    private static bool IsContentFilter(string? finishReason) =>
        string.Equals(finishReason, "ContentFilter", StringComparison.OrdinalIgnoreCase)
        || string.Equals(finishReason, "content_filter", StringComparison.OrdinalIgnoreCase);

    private ConnectorException Filtered() =>
        new(OutcomeClass.Filtered, $"{ProviderId}: the answer was withheld by the provider's content filter.");

    private ConnectorException NotServed(string capability) =>
        new(OutcomeClass.InvalidRequest, $"{ProviderId} does not serve '{capability}'; it serves {string.Join(" and ", Manifest.Capabilities)}.");
}
