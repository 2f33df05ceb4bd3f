using System.Numerics.Tensors;
using OmniBots.Knowledge.Indexing;

namespace OmniBots.Knowledge.Retrieval.Vectors;

/// <summary>A chunk found by vector search; <see cref="Similarity"/> is the cosine similarity in [−1, 1].</summary>
internal readonly record struct VectorHit(int Chunk, float Similarity);

/// <summary>
/// Exact nearest-neighbour search over a knowledge base's embeddings: every vector lives in one contiguous
/// float[] (row i = chunk i), L2-normalised on load, so cosine similarity is a dot product, computed with SIMD by
/// <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>, streaming memory once per query.
/// Chunks without a vector (or of another dimension) are never returned. Immutable; thread-safe.
/// </summary>
internal sealed class VectorIndex
{
    private readonly float[] vectors;
    private readonly bool[] present;

    private VectorIndex(int dimensions, float[] vectors, bool[] present)
    {
        Dimensions = dimensions;
        this.vectors = vectors;
        this.present = present;
    }

    public int Dimensions { get; }
    public int Count => present.Length;

    /// <summary>The float payload in bytes (the cache's memory bound and the benchmark's figure).</summary>
    public long EstimatedBytes() => (vectors.Length * 4L) + present.Length;

    /// <summary>Null when no chunk has a vector (a lexical-only knowledge base). The first vector fixes the dimension.</summary>
    public static VectorIndex? Build(IReadOnlyList<IndexedChunk> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var dimensions = chunks.FirstOrDefault(c => c.Vector is { Length: > 0 })?.Vector?.Length ?? 0;
        if (dimensions == 0)
        {
            return null;
        }
        var vectors = new float[(long)chunks.Count * dimensions];
        var present = new bool[chunks.Count];
        for (var i = 0; i < chunks.Count; i++)
        {
            if (chunks[i].Vector is not { } vector || vector.Length != dimensions)
            {
                continue;
            }
            var row = vectors.AsSpan(i * dimensions, dimensions);
            vector.Span.CopyTo(row);
            var norm = TensorPrimitives.Norm(row);
            if (norm > 0)
            {
                TensorPrimitives.Divide(row, norm, row);
                present[i] = true;
            }
        }
        return new VectorIndex(dimensions, vectors, present);
    }

    /// <summary>The k most similar chunks to <paramref name="query"/> (normalised here; any length works).</summary>
    public List<VectorHit> Search(ReadOnlySpan<float> query, int k, Func<int, bool>? filter = null)
    {
        if (query.Length != Dimensions)
        {
            throw new ArgumentException($"The query vector has {query.Length} dimensions; the index has {Dimensions}.", nameof(query));
        }
        var normalised = query.ToArray();
        var norm = TensorPrimitives.Norm(normalised);
        if (norm == 0)
        {
            return [];
        }
        TensorPrimitives.Divide(normalised, norm, normalised);

        var top = new TopK(Math.Max(1, k));
        ReadOnlySpan<float> all = vectors;
        for (var i = 0; i < present.Length; i++)
        {
            if (!present[i] || (filter is not null && !filter(i)))
            {
                continue;
            }
            var similarity = TensorPrimitives.Dot(all.Slice(i * Dimensions, Dimensions), normalised);
            if (similarity > top.Threshold)
            {
                top.Offer(i, similarity);
            }
        }
        return top.ToSortedList().Select(h => new VectorHit(h.Index, h.Score)).ToList();
    }
}
