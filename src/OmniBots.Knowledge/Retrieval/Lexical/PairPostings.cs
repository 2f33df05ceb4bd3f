namespace OmniBots.Knowledge.Retrieval.Lexical;

/// <summary>
/// Postings of adjacent stem pairs (the phrase boost), laid out to be small: random or varied text makes almost every
/// pair unique, so per-pair objects (a "a b" string key, three arrays) cost ~200 bytes each — ~1 GB at 100,000
/// chunks. Here a pair is its two term ids packed in a long (dictionary key → pair id), and all postings live in three
/// shared arrays sliced by an offset table (compressed sparse rows): ~40 bytes per distinct pair plus 8 per posting.
/// Scores are identical to a string-keyed index. Immutable once built.
/// </summary>
internal sealed class PairPostings
{
    private readonly Dictionary<long, int> ids;
    private readonly int[] offsets;
    private readonly int[] chunks;
    private readonly ushort[] bodyTf;
    private readonly ushort[] titleTf;

    internal PairPostings(Dictionary<long, int> ids, int[] offsets, int[] chunks, ushort[] bodyTf, ushort[] titleTf)
    {
        this.ids = ids;
        this.offsets = offsets;
        this.chunks = chunks;
        this.bodyTf = bodyTf;
        this.titleTf = titleTf;
    }

    public int Count => ids.Count;

    public static long Key(int first, int second) => ((long)first << 32) | (uint)second;

    public bool TryGet(int first, int second, out int pairId) => ids.TryGetValue(Key(first, second), out pairId);

    public int DocumentFrequency(int pairId) => offsets[pairId + 1] - offsets[pairId];

    public (ReadOnlyMemory<int> Chunks, ReadOnlyMemory<ushort> BodyTf, ReadOnlyMemory<ushort> TitleTf) Get(int pairId)
    {
        var start = offsets[pairId];
        var length = offsets[pairId + 1] - start;
        return (chunks.AsMemory(start, length), bodyTf.AsMemory(start, length), titleTf.AsMemory(start, length));
    }

    /// <summary>Dictionary entry (~24 bytes + bucket 4) and offset per pair, 8 bytes per posting.</summary>
    public long EstimatedBytes() => (ids.Count * 28L) + (offsets.Length * 4L) + (chunks.Length * 8L);
}

/// <summary>Collects pair counts unit by unit (units in order), then lays them out as <see cref="PairPostings"/>.</summary>
internal sealed class PairBuilder
{
    private readonly Dictionary<long, int> ids = new(PairKeyComparer.Instance);
    private readonly Dictionary<int, (int Body, int Title)> unitCounts = [];
    private readonly List<int> entryPair = [];
    private readonly List<int> entryChunk = [];
    private readonly List<ushort> entryBody = [];
    private readonly List<ushort> entryTitle = [];

    public void Count(int first, int second, bool isTitle)
    {
        var key = PairPostings.Key(first, second);
        if (!ids.TryGetValue(key, out var id))
        {
            id = ids.Count;
            ids[key] = id;
        }
        unitCounts.TryGetValue(id, out var current);
        unitCounts[id] = isTitle ? (current.Body, current.Title + 1) : (current.Body + 1, current.Title);
    }

    public void EndUnit(int unit)
    {
        foreach (var (id, (body, title)) in unitCounts)
        {
            entryPair.Add(id);
            entryChunk.Add(unit);
            entryBody.Add((ushort)Math.Min(body, ushort.MaxValue));
            entryTitle.Add((ushort)Math.Min(title, ushort.MaxValue));
        }
        unitCounts.Clear();
    }

    /// <summary>Counting sort by pair id; entries were added in unit order, so each pair's postings stay sorted by unit.</summary>
    public PairPostings Build()
    {
        var offsets = new int[ids.Count + 1];
        foreach (var id in entryPair)
        {
            offsets[id + 1]++;
        }
        for (var i = 0; i < ids.Count; i++)
        {
            offsets[i + 1] += offsets[i];
        }
        var next = offsets[..^1];
        var chunks = new int[entryPair.Count];
        var body = new ushort[entryPair.Count];
        var title = new ushort[entryPair.Count];
        for (var e = 0; e < entryPair.Count; e++)
        {
            var slot = next[entryPair[e]]++;
            chunks[slot] = entryChunk[e];
            body[slot] = entryBody[e];
            title[slot] = entryTitle[e];
        }
        ids.TrimExcess();
        return new PairPostings(ids, offsets, chunks, body, title);
    }
}

/// <summary>
/// long.GetHashCode is high ^ low 32 bits: for packed (first, second) term ids that is first ^ second, which puts
/// millions of pairs of a 30,000-word vocabulary into ~32,000 hash codes (the index build went quadratic). A
/// multiplicative (Fibonacci) mix spreads them.
/// </summary>
internal sealed class PairKeyComparer : IEqualityComparer<long>
{
    public static readonly PairKeyComparer Instance = new();

    public bool Equals(long x, long y) => x == y;

    public int GetHashCode(long obj) => (int)(((ulong)obj * 0x9E3779B97F4A7C15UL) >> 32);
}
