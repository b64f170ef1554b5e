using System.ClientModel;
using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using OpenAI;

namespace Pipelines.Connectors.OpenAI;

/// <summary>
/// A provider on an OpenAI-compatible endpoint, called through Semantic Kernel: chat (whole or streamed) and, when an
/// embedding model is configured, embed. Every failure leaves as a <see cref="ConnectorException"/> (see <see cref="OpenAiFailures"/>).
/// </summary>
public sealed class OpenAiProvider : IStreamingProviderConnector, IOpenAiWireConnector
{
    private readonly IChatCompletionService _chat;
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
            MultipleChoices: true,
            Logprobs: true);
        _timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        httpClient.Timeout = _timeout;
        _relay = new OpenAiRelay(providerId, options.Endpoint ?? OpenAiConnectorType.DefaultEndpoint, options.Model, options.EmbeddingModel, options.ApiKey, httpClient, _timeout);

        var client = new OpenAIClient(new ApiKeyCredential(string.IsNullOrEmpty(options.ApiKey) ? "none" : options.ApiKey), ClientOptions(options.Endpoint, httpClient));
        var builder = Kernel.CreateBuilder().AddOpenAIChatCompletion(options.Model, client);
        if (embeds)
        {
            builder.AddOpenAIEmbeddingGenerator(options.EmbeddingModel!, client);
        }

        var kernel = builder.Build();
        _chat = kernel.GetRequiredService<IChatCompletionService>();
        _embeddings = embeds ? kernel.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>() : null;
    }

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

        var request = ChatInput.From(input);
        using var silence = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var updates = _chat.GetStreamingChatMessageContentsAsync(request.History, request.Settings, cancellationToken: silence.Token)
            .GetAsyncEnumerator(silence.Token);
        string? finish = null;
        TokenUsage? usage = null;
        var started = false;
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
                var raw = update.InnerContent as global::OpenAI.Chat.StreamingChatCompletionUpdate;
                if (raw?.Usage is { } tokens)
                {
                    usage = new TokenUsage(tokens.InputTokenCount, tokens.OutputTokenCount);
                }

                var reason = raw?.FinishReason?.ToString() ?? update.Metadata?.GetValueOrDefault("FinishReason")?.ToString();
                if (IsContentFilter(reason))
                {
                    throw Filtered();
                }

                finish = reason ?? finish;
                if (!string.IsNullOrEmpty(update.Content))
                {
                    yield return new StreamChunk(update.Content);
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

        yield return new StreamChunk(null, WireFinishReason(finish), usage);
    }

    private async Task<ProviderResponse> ChatAsync(JsonObject input, CancellationToken cancellationToken)
    {
        var request = ChatInput.From(input);
        ChatMessageContent answer;
        using var deadline = Deadline(cancellationToken);
        try
        {
            answer = await _chat.GetChatMessageContentAsync(request.History, request.Settings, cancellationToken: deadline.Token);
        }
        catch (Exception exception) when (exception is not ConnectorException)
        {
            throw exception.ToConnectorException(ProviderId, cancellationToken.IsCancellationRequested);
        }

        var finish = answer.Metadata?.GetValueOrDefault("FinishReason")?.ToString();
        if (IsContentFilter(finish))
        {
            throw Filtered();
        }

        var usage = answer.Metadata?.GetValueOrDefault("Usage") as global::OpenAI.Chat.ChatTokenUsage;
        return new ProviderResponse(
            new JsonObject
            {
                ["text"] = answer.Content ?? "",
                ["finishReason"] = finish is null ? null : WireFinishReason(finish),
                ["provider"] = ProviderId,
                ["usage"] = usage is null ? null : new JsonObject { ["input"] = usage.InputTokenCount, ["output"] = usage.OutputTokenCount },
            },
            usage is null ? null : new TokenUsage(usage.InputTokenCount, usage.OutputTokenCount));
    }

    /// <summary>Embeds texts; the output has the ONNX connector's shape (<c>vector</c> or <c>vectors</c>, <c>dimensions</c>, <c>provider</c>).</summary>
    private async Task<ProviderResponse> EmbedAsync(
        IEmbeddingGenerator<string, Embedding<float>> embeddings, JsonObject input, CancellationToken cancellationToken)
    {
        var (texts, single) = EmbedInput.From(input);
        GeneratedEmbeddings<Embedding<float>> generated;
        using var deadline = Deadline(cancellationToken);
        try
        {
            generated = await embeddings.GenerateAsync(texts, cancellationToken: deadline.Token);
        }
        catch (Exception exception) when (exception is not ConnectorException)
        {
            throw exception.ToConnectorException(ProviderId, cancellationToken.IsCancellationRequested);
        }

        if (generated.Count != texts.Length || generated.Any(e => e.Vector.Length == 0 || e.Vector.Length != generated[0].Vector.Length))
        {
            throw new ConnectorException(
                OutcomeClass.Unavailable, $"{ProviderId}: {generated.Count} vectors of uneven or zero length for {texts.Length} texts.");
        }

        var output = new JsonObject();
        if (single)
        {
            output["vector"] = ToJson(generated[0].Vector);
        }
        else
        {
            output["vectors"] = new JsonArray([.. generated.Select(e => (JsonNode)ToJson(e.Vector))]);
        }

        output["dimensions"] = generated[0].Vector.Length;
        output["provider"] = ProviderId;
        var inputTokens = generated.Usage?.InputTokenCount ?? generated.Usage?.TotalTokenCount;
        return new ProviderResponse(output, inputTokens is { } count ? new TokenUsage((int)count, 0) : null);
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

    private static async ValueTask DisposeQuietlyAsync(IAsyncEnumerator<StreamingChatMessageContent> updates)
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

    private static JsonArray ToJson(ReadOnlyMemory<float> vector) => new([.. vector.ToArray().Select(x => (JsonNode)JsonValue.Create(x))]);

    private static bool IsContentFilter(string? finishReason) =>
        string.Equals(finishReason, "ContentFilter", StringComparison.OrdinalIgnoreCase)
        || string.Equals(finishReason, "content_filter", StringComparison.OrdinalIgnoreCase);

    /// <summary>The finish reason as OpenAI writes it (<c>stop</c>, <c>length</c>, <c>tool_calls</c>), from the SDK's enum name.</summary>
    private static string WireFinishReason(string finishReason) => finishReason switch
    {
        "Stop" => "stop",
        "Length" => "length",
        "ToolCalls" => "tool_calls",
        "FunctionCall" => "function_call",
        "ContentFilter" => "content_filter",
        _ => finishReason.ToLowerInvariant(),
    };

    private ConnectorException Filtered() =>
        new(OutcomeClass.Filtered, $"{ProviderId}: the answer was withheld by the provider's content filter.");

    private ConnectorException NotServed(string capability) =>
        new(OutcomeClass.InvalidRequest, $"{ProviderId} does not serve '{capability}'; it serves {string.Join(" and ", Manifest.Capabilities)}.");
}
