namespace Pipelines.Connectors;

/// <summary>
/// An embed call: the texts, whether one string was given (<see cref="ScalarInput"/>) (the output then has <c>vector</c>, else <c>vectors</c>), and
/// the dimensions asked for when the model can shorten its vectors.
/// </summary>
public sealed record EmbedRequest(IReadOnlyList<string> Inputs, bool ScalarInput = false, int? Dimensions = null);

/// <summary>One vector per input, in order, all of the same length.</summary>
public sealed record EmbedResult(IReadOnlyList<float[]> Vectors, bool ScalarInput = false, TokenUsage? Usage = null)
{
    public int Dimensions => Vectors.Count == 0 ? 0 : Vectors[0].Length;
}

/// <summary>A label the text may get; <see cref="Description"/> (default: the label) is what the text is compared with.</summary>
public sealed record ClassifyLabel(string Label, string? Description = null);

public sealed record ClassifyRequest(string Text, IReadOnlyList<ClassifyLabel> Labels);

/// <summary>The best label, its score, and every label's score.</summary>
public sealed record ClassifyResult(string Label, double Score, IReadOnlyDictionary<string, double> Scores);
