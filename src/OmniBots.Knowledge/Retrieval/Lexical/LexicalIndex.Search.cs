using System.Buffers;

namespace OmniBots.Knowledge.Retrieval.Lexical;

/// <summary>A chunk found by lexical search: <see cref="Score"/> raw BM25F, <see cref="Coverage"/> in [0, 1] (see <see cref="LexicalIndex.Search"/>).</summary>
internal readonly record struct LexicalHit(int Chunk, float Score, float Coverage);

internal sealed partial class LexicalIndex
{
    /// <summary>
    /// The k best chunks for a query by BM25F. Each distinct query word is a slot: its stem if the KB knows
    /// it, else (typo tolerance) up to three near vocabulary words at a reduced weight, else nothing.
    /// Adjacent query words found adjacent add a phrase bonus. <see cref="LexicalHit.Coverage"/> is the score
    /// divided by the most the query could score (every slot saturated: Σ idf·(k1+1), unknown words counted
    /// at the idf of an unseen word), capped at 1: the share of the query's information the chunk matches,
    /// comparable across queries, which is what a minimum score needs.
    /// </summary>
    public List<LexicalHit> Search(string query, int k, Func<int, bool>? filter = null) => Search(query, k, filter, null, 0);

    /// <summary>
    /// As <see cref="Search(string, int, Func{int, bool}?)"/>, with each unit's coverage blended with a prior in
    /// [0, 1] (its document's coverage): (1 − <paramref name="priorWeight"/>)·own + weight·prior, by which hits are ranked.
    /// </summary>
    public List<LexicalHit> Search(string query, int k, Func<int, bool>? filter, Func<int, float>? prior, float priorWeight)
    {
        var slots = Slots(query);
        var k1 = Parameters.K1;
        var maximum = 0f;
        foreach (var slot in slots)
        {
            var idf = slot.Terms.Length == 0 ? Idf(0) : slot.Terms.Max(t => Idf(postings[t.TermId].DocumentFrequency));
            maximum += idf * (k1 + 1);
        }
        if (ChunkCount == 0 || maximum == 0)
        {
            return [];
        }

        // Pooled arrays come back dirty from other renters: clear the part used.
        var scores = ArrayPool<float>.Shared.Rent(ChunkCount);
        Array.Clear(scores, 0, ChunkCount);
        var touched = new List<int>();
        try
        {
            foreach (var slot in slots)
            {
                foreach (var (termId, weight) in slot.Terms)
                {
                    Accumulate(termId, weight, scores, touched, filter);
                }
            }
            foreach (var phrase in Phrases(slots))
            {
                AccumulatePair(phrase, Parameters.PhraseWeight, scores, touched, filter);
            }
            var top = new TopK(Math.Max(1, k));
            foreach (var chunk in touched)
            {
                var coverage = Math.Min(1f, scores[chunk] / maximum);
                top.Offer(chunk, prior is null ? coverage : ((1 - priorWeight) * coverage) + (priorWeight * prior(chunk)));
            }
            return top.ToSortedList()
                .Select(h => new LexicalHit(h.Index, scores[h.Index], h.Score))
                .ToList();
        }
        finally
        {
            foreach (var chunk in touched)
            {
                scores[chunk] = 0;
            }
            ArrayPool<float>.Shared.Return(scores);
        }
    }

    /// <summary>Coverage (see <see cref="Search(string, int, Func{int, bool}?)"/>) of every unit, 0 where nothing matched; no ranking.</summary>
    public float[] CoverageOfAll(string query)
    {
        var coverage = new float[ChunkCount];
        var slots = Slots(query);
        var maximum = slots.Sum(slot => (slot.Terms.Length == 0 ? Idf(0) : slot.Terms.Max(t => Idf(postings[t.TermId].DocumentFrequency))) * (Parameters.K1 + 1));
        if (maximum == 0)
        {
            return coverage;
        }
        var touched = new List<int>();
        foreach (var slot in slots)
        {
            foreach (var (termId, weight) in slot.Terms)
            {
                Accumulate(termId, weight, coverage, touched, null);
            }
        }
        foreach (var phrase in Phrases(slots))
        {
            AccumulatePair(phrase, Parameters.PhraseWeight, coverage, touched, null);
        }
        foreach (var unit in touched)
        {
            coverage[unit] = Math.Min(1f, coverage[unit] / maximum);
        }
        return coverage;
    }

    private void Accumulate(int termId, float weight, float[] scores, List<int> touched, Func<int, bool>? filter)
    {
        var p = postings[termId];
        Accumulate(p.Chunks, p.BodyTf, p.TitleTf, weight, scores, touched, filter);
    }

    private void AccumulatePair(int pairId, float weight, float[] scores, List<int> touched, Func<int, bool>? filter)
    {
        var (chunks, body, title) = pairs.Get(pairId);
        Accumulate(chunks.Span, body.Span, title.Span, weight, scores, touched, filter);
    }

    private void Accumulate(
        ReadOnlySpan<int> chunks, ReadOnlySpan<ushort> bodyTf, ReadOnlySpan<ushort> titleTf, float weight, float[] scores, List<int> touched,
        Func<int, bool>? filter)
    {
        var idf = Idf(chunks.Length) * weight;
        var k1 = Parameters.K1;
        var titleWeight = Parameters.TitleWeight;
        for (var i = 0; i < chunks.Length; i++)
        {
            var chunk = chunks[i];
            if (filter is not null && !filter(chunk))
            {
                continue;
            }
            var tf = (bodyTf[i] * bodyNorm[chunk]) + (titleWeight * titleTf[i] * titleNorm[chunk]);
            if (scores[chunk] == 0)
            {
                touched.Add(chunk);
            }
            scores[chunk] += idf * tf * (k1 + 1) / (k1 + tf);
        }
    }

    private sealed record Slot(string Term, (int TermId, float Weight)[] Terms, bool Exact);

    private List<Slot> Slots(string query)
    {
        var slots = new List<Slot>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in Analyzer.AnalyzeQuery(query))
        {
            if (!seen.Add(token.Term))
            {
                continue;
            }
            slots.Add(termIds.TryGetValue(token.Term, out var id)
                ? new Slot(token.Term, [(id, 1f)], Exact: true)
                : new Slot(token.Term, Parameters.TypoTolerance ? TypoMatches(token.Surface) : [], Exact: false));
        }
        return slots;
    }

    private IEnumerable<int> Phrases(List<Slot> slots)
    {
        if (!Parameters.PhraseBoost)
        {
            yield break;
        }
        for (var i = 0; i + 1 < slots.Count; i++)
        {
            if (slots[i].Exact && slots[i + 1].Exact && pairs.TryGet(slots[i].Terms[0].TermId, slots[i + 1].Terms[0].TermId, out var id))
            {
                yield return id;
            }
        }
    }
}
