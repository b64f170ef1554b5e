using System.Text.Json.Nodes;
using SentenceTransformers;

namespace Pipelines.Connectors.Onnx;

/// <summary>
/// A local sentence-embedding model serving embed and classify (by cosine similarity between the text and each label).
/// The model loads once, on the first call, so a service that never embeds never pays for it.
/// </summary>
public sealed class OnnxProvider : IProviderConnector, IDisposable
{
    private readonly OnnxModel _model;
    private readonly OnnxConnectorOptions _limits;
    private readonly Lazy<ISentenceEncoder> _encoder;
    private readonly Lazy<BERTTokenizers.Base.TokenizerBase> _tokenizer;
    private readonly SemaphoreSlim _gate;

    /// <summary>The most tokens either model reads from one text.</summary>
    private const int MaxTokens = 512;

    public OnnxProvider(OnnxModel model, OnnxConnectorOptions limits)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(limits);
        _model = model;
        _limits = limits;
        _encoder = new Lazy<ISentenceEncoder>(model.Load, LazyThreadSafetyMode.ExecutionAndPublication);
        _tokenizer = new Lazy<BERTTokenizers.Base.TokenizerBase>(model.Tokenizer, LazyThreadSafetyMode.ExecutionAndPublication);
        _gate = new SemaphoreSlim(limits.MaxConcurrentRuns, limits.MaxConcurrentRuns);
    }

    public string ProviderId => _model.ProviderId;

    public ProviderManifest Manifest => new(
        "onnx",
        _model.Name,
        [Connectors.Capabilities.Embed, Connectors.Capabilities.Classify],
        Modalities: ["text"],
        InputCostPer1kTokens: 0,
        OutputCostPer1kTokens: 0);

    /// <summary>Whether the model has been loaded (by a first call).</summary>
    public bool IsLoaded => _encoder.IsValueCreated;

    /// <summary>
    /// Runs one step. Faults of the input throw <see cref="OutcomeClass.InvalidRequest"/>; a cancelled token throws
    /// <see cref="ConnectorException"/> with <see cref="OutcomeClass.Cancelled"/>, as every connector does.
    /// </summary>
    public async Task<ProviderResponse> InvokeAsync(string capability, JsonObject input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return capability switch
        {
            Connectors.Capabilities.Embed => await EmbedAsync(input, cancellationToken),
            Connectors.Capabilities.Classify => await ClassifyAsync(input, cancellationToken),
            _ => throw new ConnectorException(OutcomeClass.InvalidRequest, $"{ProviderId} does not serve '{capability}'; it serves embed and classify."),
        };
    }

    /// <summary>Loads the model now rather than on the first call (e.g. at start, to keep the first request fast).</summary>
    public void Warm() => _ = _encoder.Value;

    public void Dispose()
    {
        if (_encoder.IsValueCreated && _encoder.Value is IDisposable disposable)
        {
            disposable.Dispose();
        }

        _gate.Dispose();
    }

    private async Task<ProviderResponse> EmbedAsync(JsonObject input, CancellationToken cancellationToken)
    {
        var request = OnnxInput.ForEmbed(EmbedJson.ReadRequest(input), _limits);
        var vectors = await EncodeAsync([.. request.Inputs], cancellationToken);
        if (request.Dimensions is { } dimensions && dimensions != vectors[0].Length)
        {
            throw new ConnectorException(
                OutcomeClass.InvalidRequest, $"{ProviderId} gives {vectors[0].Length}-dimension vectors; it cannot give {dimensions}.");
        }

        var usage = new TokenUsage(CountTokens([.. request.Inputs]), 0);
        return new ProviderResponse(EmbedJson.WriteResult(new EmbedResult(vectors, request.ScalarInput, usage), request.Inputs.Count, ProviderId), usage);
    }

    /// <summary>The word pieces of the texts, without the [CLS] and [SEP] the model adds to each (as OpenAI counts input tokens).</summary>
    private int CountTokens(string[] texts) => _tokenizer.Value.Tokenize(MaxTokens, texts).Sum(tokens => Math.Max(0, tokens.Length - 2));

    private async Task<ProviderResponse> ClassifyAsync(JsonObject input, CancellationToken cancellationToken)
    {
        var request = OnnxInput.ForClassify(ClassifyJson.ReadRequest(input), _limits);
        var vectors = await EncodeAsync([request.Text, .. request.Labels.Select(l => l.Description ?? l.Label)], cancellationToken);
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        var best = 0;
        var bestScore = double.NegativeInfinity;
        for (var i = 0; i < request.Labels.Count; i++)
        {
            var score = Cosine(vectors[0], vectors[i + 1]);
            scores[request.Labels[i].Label] = score;
            if (score > bestScore)
            {
                (best, bestScore) = (i, score);
            }
        }

        return new ProviderResponse(ClassifyJson.WriteResult(new ClassifyResult(request.Labels[best].Label, bestScore, scores), ProviderId));
    }

    private async Task<float[][]> EncodeAsync(string[] texts, CancellationToken cancellationToken)
    {
        ThrowIfCancelled(cancellationToken);
        try
        {
            await _gate.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException exception)
        {
            throw Cancelled(exception);
        }

        try
        {
            ThrowIfCancelled(cancellationToken);
            var vectors = _encoder.Value.Encode(texts, cancellationToken);
            ThrowIfCancelled(cancellationToken);
            return vectors;
        }
        catch (Exception exception) when (exception is not ConnectorException)
        {
            // ONNX Runtime reports a run stopped by the token as its own exception type.
            throw cancellationToken.IsCancellationRequested
                ? Cancelled(exception)
                : new ConnectorException(OutcomeClass.Unavailable, $"{ProviderId}: the model failed ({exception.GetType().Name}).", inner: exception);
        }
        finally
        {
            _gate.Release();
        }
    }

    private void ThrowIfCancelled(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            throw Cancelled(null);
        }
    }

    private ConnectorException Cancelled(Exception? inner) =>
        new(OutcomeClass.Cancelled, $"{ProviderId}: the call was cancelled.", inner: inner);


    /// <summary>Cosine similarity; both models return unit vectors, but the norms are not taken on trust.</summary>
    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, normA = 0, normB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * (double)b[i];
            normA += a[i] * (double)a[i];
            normB += b[i] * (double)b[i];
        }

        return normA == 0 || normB == 0 ? 0 : dot / Math.Sqrt(normA * normB);
    }
}
