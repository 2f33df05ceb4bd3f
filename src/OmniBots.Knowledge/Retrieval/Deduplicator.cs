using System.Text;

namespace OmniBots.Knowledge.Retrieval;

/// <summary>
/// Collapses passages that would repeat each other, keeping rank order: (1) the same text (ignoring case
/// and whitespace, e.g. one article uploaded twice) keeps the better-ranked copy; (2) near-duplicates —
/// word sets with Jaccard similarity ≥ 0.9 (a page with a changed date or footer) — likewise; (3) a chunk
/// adjacent to a kept chunk of the same document (position ± 1) is merged into it, its overlap with the
/// neighbour removed, so the answer reads one continuous passage instead of two overlapping ones.
/// </summary>
internal static class Deduplicator
{
    public const double NearDuplicateJaccard = 0.9;

    public static List<RetrievedPassage> Collapse(IEnumerable<RetrievedPassage> ranked, int topK)
    {
        var kept = new List<Kept>();
        var exact = new HashSet<string>(StringComparer.Ordinal);
        foreach (var passage in ranked)
        {
            if (kept.Count >= topK)
            {
                break;
            }
            if (!exact.Add(Normalise(passage.Text)))
            {
                continue;
            }
            var words = Words(passage.Text);
            if (kept.Any(k => Jaccard(k.Words, words) >= NearDuplicateJaccard))
            {
                continue;
            }
            var neighbour = kept.FirstOrDefault(k => k.Passage.Chunk.DocumentId == passage.Chunk.DocumentId
                && (passage.Chunk.Position == k.First - 1 || passage.Chunk.Position == k.Last + 1));
            if (neighbour is null)
            {
                kept.Add(new Kept(passage, words, passage.Chunk.Position, passage.Chunk.Position));
            }
            else
            {
                neighbour.MergeWith(passage);
            }
        }
        return kept.Select(k => k.Passage).ToList();
    }

    /// <summary>The later text without its overlap with the end of the earlier one.</summary>
    internal static string Join(string earlier, string later)
    {
        var probe = later[..Math.Min(later.Length, 40)];
        for (var at = earlier.IndexOf(probe, StringComparison.Ordinal); at >= 0; at = earlier.IndexOf(probe, at + 1, StringComparison.Ordinal))
        {
            var overlap = earlier.Length - at;
            if (overlap <= later.Length && later.StartsWith(earlier[at..], StringComparison.Ordinal))
            {
                return earlier + later[overlap..];
            }
        }
        return earlier + "\n\n" + later;
    }

    private static string Normalise(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            builder.Append(word.ToLowerInvariant()).Append(' ');
        }
        return builder.ToString();
    }

    private static HashSet<string> Words(string text) =>
        text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

    private static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 && b.Count == 0)
        {
            return 1;
        }
        var shared = a.Count <= b.Count ? a.Count(b.Contains) : b.Count(a.Contains);
        return (double)shared / (a.Count + b.Count - shared);
    }

    private sealed class Kept(RetrievedPassage passage, HashSet<string> words, int first, int last)
    {
        public RetrievedPassage Passage { get; private set; } = passage;
        public HashSet<string> Words { get; } = words;
        public int First { get; private set; } = first;
        public int Last { get; private set; } = last;

        public void MergeWith(RetrievedPassage next)
        {
            var before = next.Chunk.Position < First;
            var text = before ? Join(next.Text, Passage.Text) : Join(Passage.Text, next.Text);
            var added = text.Length - Passage.Text.Length;
            var addedTokens = next.Text.Length == 0 ? 0 : (int)Math.Ceiling(next.TokenCount * (double)added / next.Text.Length);
            Passage = Passage with
            {
                Text = text,
                TokenCount = Passage.TokenCount + Math.Min(next.TokenCount, addedTokens),
                ChunkIds = before ? [next.Chunk.ChunkId, .. Passage.ChunkIds] : [.. Passage.ChunkIds, next.Chunk.ChunkId],
            };
            Words.UnionWith(next.Text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            (First, Last) = before ? (next.Chunk.Position, Last) : (First, next.Chunk.Position);
        }
    }
}
