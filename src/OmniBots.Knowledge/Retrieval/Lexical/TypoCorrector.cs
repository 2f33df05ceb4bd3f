namespace OmniBots.Knowledge.Retrieval.Lexical;

/// <summary>
/// Finds words of the knowledge base's vocabulary within a small edit distance of a word that is not in it:
/// distance ≤ 1 for words of 5–8 letters, ≤ 2 from 9 letters (shorter words have too many neighbours to
/// guess). Distance is optimal-string-alignment (a swap of two adjacent letters counts 1, the commonest typo).
/// The index keeps the nearest few (ties: the more common word) and weighs them below an exact match.
/// </summary>
internal sealed class TypoCorrector
{
    private const int MaxWordLength = 40;
    private readonly Dictionary<int, List<(string Surface, string Term)>> byLength = [];

    public TypoCorrector(IEnumerable<KeyValuePair<string, string>> surfaceToTerm)
    {
        foreach (var (surface, term) in surfaceToTerm)
        {
            if (surface.Length < 4 || surface.Length > MaxWordLength || surface.Any(char.IsAsciiDigit))
            {
                continue;
            }
            if (!byLength.TryGetValue(surface.Length, out var list))
            {
                byLength[surface.Length] = list = [];
            }
            list.Add((surface, term));
        }
    }

    public static int MaxDistance(int length) => length >= 9 ? 2 : length >= 5 ? 1 : 0;

    public long EstimatedBytes() => byLength.Values.Sum(l => l.Count * 80L);

    /// <summary>Distinct stems within reach, with their distance; empty when the word is too short or nothing is near.</summary>
    public IReadOnlyList<(string Term, int Distance)> Corrections(string surface)
    {
        var max = MaxDistance(surface.Length);
        if (max == 0 || surface.Length > MaxWordLength || surface.Any(char.IsAsciiDigit))
        {
            return [];
        }
        var found = new List<(string Term, int Distance)>();
        for (var length = surface.Length - max; length <= surface.Length + max; length++)
        {
            if (!byLength.TryGetValue(length, out var words))
            {
                continue;
            }
            foreach (var (candidate, term) in words)
            {
                var distance = EditDistance.Bounded(surface, candidate, max);
                if (distance <= max)
                {
                    found.Add((term, distance));
                }
            }
        }
        return found
            .GroupBy(f => f.Term, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Min(f => f.Distance)))
            .ToList();
    }
}
