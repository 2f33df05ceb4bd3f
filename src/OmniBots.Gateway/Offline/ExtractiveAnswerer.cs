using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Offline;

/// <summary>
/// Answers by quoting: the sentences of the context passages that share the most (idf-weighted)
/// terms with the last user message, in their original order, each one verbatim. Nothing is
/// generated apart from the fixed <see cref="Preamble"/>, <see cref="NotKnown"/> and the sources line.
/// </summary>
internal static class ExtractiveAnswerer
{
    public const string Preamble = "I am answering without a language model, by quoting the passages that best match your question:";
    public const string NotKnown = "I am answering without a language model, and none of the passages I was given answers this question, so I do not know.";
    public const string SourcesLabel = "Sources: ";
    private const int MaxSentences = 3;

    private sealed record Candidate(ContextPassage Passage, int PassageIndex, int SentenceIndex, string Sentence, HashSet<string> Terms);

    public sealed record Answer(string Text, IReadOnlyList<string> Lines, IReadOnlyList<SourceReference> Sources);

    public static Answer Compose(ChatRequest request)
    {
        var question = request.Messages.LastOrDefault(m => m.Role == ChatRole.User)?.Content;
        var questionTerms = TextAnalysis.Terms(question).ToHashSet(StringComparer.Ordinal);
        var candidates = new List<Candidate>();
        for (var p = 0; p < request.Context.Count; p++)
        {
            var sentences = TextAnalysis.Sentences(request.Context[p].Text);
            for (var s = 0; s < sentences.Count; s++)
            {
                candidates.Add(new Candidate(request.Context[p], p, s, sentences[s], TextAnalysis.Terms(sentences[s]).ToHashSet(StringComparer.Ordinal)));
            }
        }

        // Rare terms decide more than common ones: "refund" beats "order" in a shop's knowledge base.
        var idf = questionTerms.ToDictionary(
            t => t,
            t => Math.Log(1 + ((double)candidates.Count / Math.Max(1, candidates.Count(c => c.Terms.Contains(t))))),
            StringComparer.Ordinal);
        var chosen = candidates
            .Select(c => (Candidate: c, Score: c.Terms.Where(questionTerms.Contains).Sum(t => idf[t])))
            .Where(x => x.Score > 0)
            .OrderByDescending(x => x.Score)
            .ThenBy(x => x.Candidate.PassageIndex)
            .ThenBy(x => x.Candidate.SentenceIndex)
            .Take(MaxSentences)
            .Select(x => x.Candidate)
            .OrderBy(c => c.PassageIndex)
            .ThenBy(c => c.SentenceIndex)
            .ToList();

        if (chosen.Count == 0)
        {
            return new Answer(NotKnown, [NotKnown], []);
        }
        var sources = chosen.Select(c => c.Passage).Distinct()
            .Select(p => new SourceReference(p.SourceId, p.Title)).ToList();
        var sourcesLine = SourcesLabel + string.Join("; ", sources.Select(s => s.Title is null ? s.SourceId : $"{s.Title} ({s.SourceId})"));
        List<string> lines = [Preamble, .. chosen.Select(c => c.Sentence), sourcesLine];
        return new Answer(string.Join('\n', lines), lines, sources);
    }
}
