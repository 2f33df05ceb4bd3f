using System.Numerics.Tensors;
using OmniBots.Knowledge.Indexing;

namespace OmniBots.Knowledge.Retrieval.Vectors;

/// <summary>A chunk found by vector search; <see cref="Similarity"/> is the cosine similarity in [−1, 1].</summary>
internal readonly record struct VectorHit(int Chunk, float Similarity);

/// <summary>
/// Exact nearest-neighbour search over a knowledge base's embeddings: every vector lives in one contiguous
/// float[] (row i = chunk i), L2-normalised on load, so cosine similarity is a dot product, computed with SIMD by
/// <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>, streaming memory once per query.
/// Large indexes are scanned in Environment.ProcessorCount contiguous partitions in parallel (still exact).
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

        k = Math.Max(1, k);
        var partitions = Partitions(present.Length);
        if (partitions == 1)
        {
            return Scan(normalised, 0, present.Length, k, filter).ToSortedList().Select(h => new VectorHit(h.Index, h.Score)).ToList();
        }
        // The scan is bound by memory bandwidth and one core's dot products: contiguous partitions scanned in parallel,
        // each with its own exact top-k, merged at the end — the union of partition top-ks holds the global top-k,
        // so the result is identical to a single sequential scan.
        var tops = new TopK[partitions];
        var size = (present.Length + partitions - 1) / partitions;
        Parallel.For(0, partitions, p => tops[p] = Scan(normalised, p * size, Math.Min(present.Length, (p + 1) * size), k, filter));
        var merged = new TopK(k);
        foreach (var top in tops)
        {
            foreach (var (index, score) in top.ToSortedList())
            {
                merged.Offer(index, score);
            }
        }
        return merged.ToSortedList().Select(h => new VectorHit(h.Index, h.Score)).ToList();
    }

    /// <summary>Below this many vectors a sequential scan is faster than the cost of starting parallel work.</summary>
    internal const int ParallelThreshold = 16_384;

    private static int Partitions(int count)
        => count < ParallelThreshold ? 1 : Math.Clamp(Math.Min(Environment.ProcessorCount, count / (ParallelThreshold / 2)), 1, 64);

    private TopK Scan(float[] query, int start, int end, int k, Func<int, bool>? filter)
    {
        var top = new TopK(k);
        ReadOnlySpan<float> all = vectors;
        for (var i = start; i < end; i++)
        {
            if (!present[i] || (filter is not null && !filter(i)))
            {
                continue;
            }
            var similarity = TensorPrimitives.Dot(all.Slice(i * Dimensions, Dimensions), query);
            if (similarity > top.Threshold)
            {
                top.Offer(i, similarity);
            }
        }
        return top;
    }
}
