using System.Security.Cryptography;
using System.Text;

namespace Pipelines.Sandbox;

/// <summary>
/// A deterministic 16-dimensional unit vector per text: stable across runs, different across texts. Asked for fewer
/// dimensions, it is cut and normalised again, as OpenAI's shortened embeddings are.
/// </summary>
public static class SandboxEmbedding
{
    public const int Dimensions = 16;

    public static float[] Of(string text, int? dimensions = null)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        var vector = new float[Math.Clamp(dimensions ?? Dimensions, 1, Dimensions)];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = (hash[i * 2] - 127.5f) / 127.5f;
        }

        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return [.. vector.Select(v => v / norm)];
    }
}
