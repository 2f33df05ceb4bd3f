using System.Text.RegularExpressions;

namespace OmniBots.Gateway.Offline;

/// <summary>
/// The lexical toolkit of the offline provider: sentences, word tokens, stop words and a light
/// suffix-stripping stemmer. Deliberately simple and deterministic (English-oriented): it only has
/// to make "refunds" meet "refund" and "shipping" meet "shipped", not understand language.
/// </summary>
internal static partial class TextAnalysis
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "but", "if", "then", "else", "of", "to", "in", "on", "at", "by",
        "for", "with", "about", "from", "into", "over", "after", "before", "is", "are", "was", "were",
        "be", "been", "being", "am", "do", "does", "did", "have", "has", "had", "i", "me", "my", "you",
        "your", "we", "our", "us", "he", "she", "it", "its", "they", "them", "their", "this", "that",
        "these", "those", "what", "which", "who", "whom", "how", "when", "where", "why", "can", "could",
        "would", "should", "will", "shall", "may", "might", "must", "not", "no", "so", "as", "there",
        "here", "any", "some", "all", "please", "hi", "hello", "get", "also", "just", "than", "too", "very",
    };

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();

    // A sentence ends at . ! or ? followed by whitespace, or at a line break.
    [GeneratedRegex(@"(?<=[.!?])\s+|\r?\n+")]
    private static partial Regex SentenceBoundary();

    /// <summary>Sentences exactly as they appear in the text (trimmed), so answers can quote them verbatim.</summary>
    public static IReadOnlyList<string> Sentences(string text) =>
        [.. SentenceBoundary().Split(text).Select(s => s.Trim()).Where(s => s.Length > 0)];

    /// <summary>Lower-cased, stop-word-free, stemmed terms in order (duplicates kept).</summary>
    public static IReadOnlyList<string> Terms(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }
        var terms = new List<string>();
        foreach (Match match in WordPattern().Matches(text))
        {
            var word = match.Value.ToLowerInvariant();
            if (!StopWords.Contains(word))
            {
                terms.Add(Stem(word));
            }
        }
        return terms;
    }

    /// <summary>Strips the commonest English inflections; keeps at least three letters of the stem.</summary>
    public static string Stem(string word)
    {
        string[] suffixes = ["ational", "ization", "ations", "ation", "ments", "ment", "ness", "ings", "ing", "ies", "ied", "edly", "ed", "ly", "es", "s"];
        foreach (var suffix in suffixes)
        {
            if (word.Length - suffix.Length >= 3 && word.EndsWith(suffix, StringComparison.Ordinal))
            {
                var stem = word[..^suffix.Length];
                // "ies"/"ied" were a "y" ("policies" → "policy"); doubled consonants collapse ("shipped" → "ship").
                if (suffix is "ies" or "ied")
                {
                    return stem + "y";
                }
                // "es" is a suffix only after a sibilant ("boxes", "wishes"); "invoices" loses just the "s".
                if (suffix == "es" && !(stem.EndsWith('s') || stem.EndsWith('x') || stem.EndsWith('z') || stem.EndsWith("ch", StringComparison.Ordinal) || stem.EndsWith("sh", StringComparison.Ordinal)))
                {
                    return word[..^1];
                }
                if (stem.Length >= 4 && stem[^1] == stem[^2] && !"aeiousl".Contains(stem[^1], StringComparison.Ordinal))
                {
                    stem = stem[..^1];
                }
                return stem;
            }
        }
        return word;
    }
}
