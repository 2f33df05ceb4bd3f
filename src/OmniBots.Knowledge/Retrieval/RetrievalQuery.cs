namespace OmniBots.Knowledge.Retrieval;

internal enum SearchMode
{
    Hybrid,
    Lexical,
    Vector,
}

/// <summary>All given conditions must hold; within a list, any id matches. Metadata compares exact strings.</summary>
internal sealed record SearchFilters
{
    public IReadOnlyList<Guid> DocumentIds { get; init; } = [];
    public IReadOnlyList<Guid> SourceIds { get; init; } = [];
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    public bool IsEmpty => DocumentIds.Count == 0 && SourceIds.Count == 0 && Metadata.Count == 0;
}

/// <summary>
/// What to retrieve. <see cref="QueryVector"/> is the embedded query (vector and hybrid modes).
/// <see cref="MinScore"/> applies to <see cref="RetrievedPassage.Score"/> (see there for its meaning per mode).
/// </summary>
internal sealed record RetrievalQuery(string Text, SearchMode Mode, int TopK)
{
    public ReadOnlyMemory<float>? QueryVector { get; init; }
    public float MinScore { get; init; }
    public SearchFilters Filters { get; init; } = new();
    /// <summary>Null: no budget. Otherwise the passages' token counts add up to at most this.</summary>
    public int? TokenBudget { get; init; }
}
