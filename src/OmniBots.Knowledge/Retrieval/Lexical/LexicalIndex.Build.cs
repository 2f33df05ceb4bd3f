using OmniBots.Knowledge.Indexing;
using OmniBots.Knowledge.Retrieval.Analysis;

namespace OmniBots.Knowledge.Retrieval.Lexical;

internal sealed partial class LexicalIndex
{
    /// <summary>Indexes the chunks in order: hit indexes returned by search are positions in <paramref name="chunks"/>.</summary>
    public static LexicalIndex Build(IReadOnlyList<IndexedChunk> chunks, TextAnalyzer analyzer, Bm25Parameters parameters)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        return Build(chunks.Select(c => new LexicalUnit(
            c.HeadingPath.Count == 0 ? c.DocumentTitle : $"{c.DocumentTitle}\n{string.Join('\n', c.HeadingPath)}", c.Text)).ToList(), analyzer, parameters);
    }

    /// <summary>Indexes units (chunks, or whole documents) in order: hit indexes are positions in <paramref name="units"/>.</summary>
    public static LexicalIndex Build(IReadOnlyList<LexicalUnit> units, TextAnalyzer analyzer, Bm25Parameters parameters)
    {
        ArgumentNullException.ThrowIfNull(units);
        var chunks = units;
        var termIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var builders = new List<PostingBuilder>();
        var surfaces = new Dictionary<string, string>(StringComparer.Ordinal);
        var stems = new Dictionary<string, string>(StringComparer.Ordinal);
        var bodyLength = new int[chunks.Count];
        var titleLength = new int[chunks.Count];
        var counts = new Dictionary<int, (int Body, int Title)>();
        var pairs = new PairBuilder();
        var separateTitle = parameters.TitleWeight > 0;

        for (var c = 0; c < chunks.Count; c++)
        {
            var (title, text) = chunks[c];
            var body = analyzer.Analyze(separateTitle ? text : $"{title}\n{text}", stems);
            var heading = separateTitle ? analyzer.Analyze(title, stems) : [];
            bodyLength[c] = body.Count;
            titleLength[c] = heading.Count;
            counts.Clear();
            Count(body, isTitle: false);
            Count(heading, isTitle: true);
            foreach (var (id, (b, t)) in counts)
            {
                builders[id].Add(c, b, t);
            }
            pairs.EndUnit(c);
        }

        var bodyNorm = Norms(bodyLength, parameters.BodyB);
        var titleNorm = Norms(titleLength, parameters.TitleB);
        var postings = builders.Select(b => b.ToPostings()).ToArray();
        var typos = parameters.TypoTolerance ? new TypoCorrector(surfaces) : null;
        return new LexicalIndex(analyzer, parameters, chunks.Count, termIds, postings, bodyNorm, titleNorm, typos, pairs.Build());

        void Count(List<Token> tokens, bool isTitle)
        {
            var previous = -1;
            for (var i = 0; i < tokens.Count; i++)
            {
                surfaces.TryAdd(tokens[i].Surface, tokens[i].Term);
                var id = Increment(tokens[i].Term, isTitle);
                if (parameters.PhraseBoost && previous >= 0)
                {
                    pairs.Count(previous, id, isTitle);
                }
                previous = id;
            }
        }

        int Increment(string term, bool isTitle)
        {
            if (!termIds.TryGetValue(term, out var id))
            {
                id = termIds.Count;
                termIds[term] = id;
                builders.Add(new PostingBuilder());
            }
            counts.TryGetValue(id, out var current);
            counts[id] = isTitle ? (current.Body, current.Title + 1) : (current.Body + 1, current.Title);
            return id;
        }
    }

    /// <summary>What one indexed unit holds: the title field (title + heading path) and the body.</summary>
    internal sealed record LexicalUnit(string Title, string Body);

    /// <summary>1 / (1 − b + b·len/avglen) per chunk: BM25's length normalisation, precomputed.</summary>
    private static float[] Norms(int[] lengths, float b)
    {
        var average = lengths.Length == 0 ? 0 : lengths.Average();
        var norms = new float[lengths.Length];
        for (var i = 0; i < lengths.Length; i++)
        {
            norms[i] = average == 0 ? 1 : (float)(1 / (1 - b + (b * lengths[i] / average)));
        }
        return norms;
    }

    private sealed class PostingBuilder
    {
        private readonly List<int> chunks = [];
        private readonly List<ushort> body = [];
        private readonly List<ushort> title = [];

        public void Add(int chunk, int bodyTf, int titleTf)
        {
            chunks.Add(chunk);
            body.Add((ushort)Math.Min(bodyTf, ushort.MaxValue));
            title.Add((ushort)Math.Min(titleTf, ushort.MaxValue));
        }

        public Postings ToPostings() => new([.. chunks], [.. body], [.. title]);
    }
}
