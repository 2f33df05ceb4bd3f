namespace OmniBots.Knowledge.Retrieval;

/// <summary>
/// Fits ranked passages into a token budget greedily by rank: each passage that still fits is taken whole,
/// one that does not is skipped (a smaller, lower-ranked one may still fit). A passage is cut only when it
/// is the best-ranked and alone exceeds the whole budget — then it is cut at a word boundary, so the
/// caller still gets the most relevant text rather than nothing.
/// </summary>
internal static class TokenBudgetFitter
{
    public static List<RetrievedPassage> Fit(IReadOnlyList<RetrievedPassage> ranked, int budget)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        var fitted = new List<RetrievedPassage>();
        if (budget <= 0)
        {
            return fitted;
        }
        var used = 0;
        for (var i = 0; i < ranked.Count; i++)
        {
            var passage = ranked[i];
            if (used + passage.TokenCount <= budget)
            {
                fitted.Add(passage);
                used += passage.TokenCount;
            }
            else if (i == 0)
            {
                fitted.Add(Cut(passage, budget));
                return fitted;
            }
        }
        return fitted;
    }

    /// <summary>Keeps the share of the text the budget allows (at the passage's own characters-per-token), back to a word break.</summary>
    private static RetrievedPassage Cut(RetrievedPassage passage, int budget)
    {
        var characters = (int)((long)passage.Text.Length * budget / Math.Max(1, passage.TokenCount));
        var end = Math.Min(characters, passage.Text.Length);
        var space = passage.Text.LastIndexOfAny([' ', '\n', '\t'], Math.Max(0, end - 1));
        if (space > 0 && end < passage.Text.Length)
        {
            end = space;
        }
        return passage with { Text = passage.Text[..end].TrimEnd(), TokenCount = Math.Min(budget, passage.TokenCount), Truncated = true };
    }
}
