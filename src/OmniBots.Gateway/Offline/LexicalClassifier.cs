using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Offline;

/// <summary>
/// Intent by word overlap: each label is described by its name, its description and each of its
/// examples; the label's score is the best cosine between the text's term set and one of those.
/// Examples matter most: a phrasing close to one example wins even if the description is vague.
/// </summary>
internal static class LexicalClassifier
{
    public static ClassificationResult Classify(ClassificationRequest request)
    {
        var text = TextAnalysis.Terms(request.Text).ToHashSet(StringComparer.Ordinal);
        var scores = request.Labels
            .Select(label => new LabelScore(label.Name, Describe(label).Max(d => Cosine(text, d))))
            .OrderByDescending(s => s.Score)
            .ToList();
        var best = scores.FirstOrDefault();
        return best is { Score: > 0 }
            ? new ClassificationResult(best.Label, best.Score, scores)
            : new ClassificationResult(null, 0, scores);
    }

    private static IEnumerable<HashSet<string>> Describe(IntentLabel label)
    {
        // Label names are often identifiers ("order_status", "cancelOrder"): split them into words.
        var name = string.Concat(label.Name.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + c : c.ToString()))
            .Replace('_', ' ').Replace('-', ' ');
        yield return TextAnalysis.Terms(name + " " + label.Description).ToHashSet(StringComparer.Ordinal);
        foreach (var example in label.Examples)
        {
            yield return TextAnalysis.Terms(example).ToHashSet(StringComparer.Ordinal);
        }
    }

    private static double Cosine(HashSet<string> a, HashSet<string> b) =>
        a.Count == 0 || b.Count == 0 ? 0 : a.Count(b.Contains) / Math.Sqrt((double)a.Count * b.Count);
}
