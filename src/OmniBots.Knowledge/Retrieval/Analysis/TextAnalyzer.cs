using System.Globalization;
using System.Text;

namespace OmniBots.Knowledge.Retrieval.Analysis;

/// <summary>One analysed token: <see cref="Surface"/> is the folded word as typed (for typo matching), <see cref="Term"/> its stem.</summary>
internal readonly record struct Token(string Term, string Surface);

/// <summary>
/// Turns text into index terms the way customers' typing needs: Unicode compatibility normalisation with
/// diacritics folded ("Café" = "cafe"), lower case, words split on anything that is not a letter, digit or
/// inner apostrophe ("fly.toml" → fly, toml), English stop words removed and words stemmed with Porter2
/// ("charged", "charges" → "charg"). Words with digits ("ipv6", "2fa") are kept whole, not stemmed.
/// </summary>
internal sealed class TextAnalyzer(AnalyzerOptions options)
{
    public static TextAnalyzer Default { get; } = new(AnalyzerOptions.Full);

    public AnalyzerOptions Options { get; } = options;

    /// <summary>Analyses <paramref name="text"/>; <paramref name="stems"/> caches word → stem across calls (not thread-safe).</summary>
    public List<Token> Analyze(string text, Dictionary<string, string>? stems = null)
    {
        var tokens = new List<Token>();
        foreach (var word in Words(text))
        {
            if (Options.RemoveStopWords && StopWords.English.Contains(word))
            {
                continue;
            }
            tokens.Add(new Token(StemOf(word, stems), word));
        }
        return tokens;
    }

    /// <summary>Query analysis: like documents, but a query made only of stop words keeps them (so it still matches something).</summary>
    public List<Token> AnalyzeQuery(string query)
    {
        var tokens = Analyze(query);
        if (tokens.Count == 0 && Options.RemoveStopWords)
        {
            tokens = Words(query).Select(w => new Token(StemOf(w, null), w)).ToList();
        }
        return tokens;
    }

    private string StemOf(string word, Dictionary<string, string>? cache)
    {
        if (!Options.Stem || word.Length <= 2 || word.Any(char.IsAsciiDigit))
        {
            return word;
        }
        if (cache is null)
        {
            return EnglishStemmer.Stem(word);
        }
        if (!cache.TryGetValue(word, out var stem))
        {
            stem = EnglishStemmer.Stem(word);
            cache[word] = stem;
        }
        return stem;
    }

    /// <summary>Folded, lower-cased words; apostrophes inside a word stay (the stemmer removes "'s").</summary>
    public IEnumerable<string> Words(string text)
    {
        var folded = Fold(text);
        var start = -1;
        for (var i = 0; i <= folded.Length; i++)
        {
            var c = i < folded.Length ? folded[i] : ' ';
            var inWord = char.IsLetterOrDigit(c)
                || (c == '\'' && start >= 0 && i + 1 < folded.Length && char.IsLetterOrDigit(folded[i + 1]));
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                yield return folded[start..i];
                start = -1;
            }
        }
    }

    private string Fold(string text)
    {
        if (!Options.FoldDiacritics || System.Text.Ascii.IsValid(text))
        {
            return text.ToLowerInvariant();
        }
        var decomposed = text.Normalize(NormalizationForm.FormKD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            builder.Append(c is '\u2019' or '\u2018' ? '\'' : char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }
}

/// <summary>Which analysis steps run; <see cref="Plain"/> is the baseline the benchmark compares against.</summary>
internal sealed record AnalyzerOptions(bool FoldDiacritics, bool RemoveStopWords, bool Stem)
{
    public static AnalyzerOptions Full { get; } = new(FoldDiacritics: true, RemoveStopWords: true, Stem: true);

    /// <summary>Lower case, split on non-alphanumerics, stop words: the reference "plain BM25" analysis.</summary>
    public static AnalyzerOptions Plain { get; } = new(FoldDiacritics: false, RemoveStopWords: true, Stem: false);
}
