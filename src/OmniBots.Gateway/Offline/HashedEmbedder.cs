using System.Text;

namespace OmniBots.Gateway.Offline;

/// <summary>
/// A hashed bag of words (the "hashing trick"): each stemmed term adds ±1 to one of
/// <see cref="Dimensions"/> buckets chosen by a stable FNV-1a hash, then the vector is L2-normalised.
/// Cosine similarity of two vectors then approximates their word overlap. It is lexical, not
/// semantic: "refund" and "money back" are unrelated to it. It lets knowledge search run offline.
/// </summary>
internal static class HashedEmbedder
{
    public const int Dimensions = 256;

    public static float[] Embed(string text)
    {
        var vector = new float[Dimensions];
        foreach (var term in TextAnalysis.Terms(text))
        {
            var hash = Fnv1a(term);
            // A second bit of the hash picks the sign, so collisions cancel out on average instead of piling up.
            vector[hash % Dimensions] += (hash & 0x8000_0000) == 0 ? 1f : -1f;
        }
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        if (norm > 0)
        {
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] /= norm;
            }
        }
        return vector;
    }

    // string.GetHashCode is randomised per process; stored vectors must compare across restarts.
    private static uint Fnv1a(string term)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(term))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }
        return hash;
    }
}
