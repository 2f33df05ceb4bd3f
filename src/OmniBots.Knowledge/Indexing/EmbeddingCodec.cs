using System.Buffers.Binary;

namespace OmniBots.Knowledge.Indexing;

/// <summary>
/// Embeddings are stored as <c>bytea</c>: float32 little-endian, L2-normalised (4 bytes per dimension, a third of
/// <c>real[]</c>'s per-element overhead, and read straight into a float array), so cosine similarity is a dot product.
/// </summary>
internal static class EmbeddingCodec
{
    public static float[] Normalise(ReadOnlySpan<float> vector)
    {
        var result = vector.ToArray();
        double sum = 0;
        foreach (var x in result)
        {
            sum += (double)x * x;
        }
        var norm = (float)Math.Sqrt(sum);
        if (norm > 0 && float.IsFinite(norm))
        {
            for (var i = 0; i < result.Length; i++)
            {
                result[i] /= norm;
            }
        }
        return result;
    }

    public static byte[] Encode(ReadOnlySpan<float> normalised)
    {
        var bytes = new byte[normalised.Length * sizeof(float)];
        for (var i = 0; i < normalised.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), normalised[i]);
        }
        return bytes;
    }

    public static float[] Decode(ReadOnlySpan<byte> bytes)
    {
        var vector = new float[bytes.Length / sizeof(float)];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
        }
        return vector;
    }
}
