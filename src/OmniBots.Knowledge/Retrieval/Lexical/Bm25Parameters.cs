namespace OmniBots.Knowledge.Retrieval.Lexical;

/// <summary>
/// BM25F settings. Chunks are size-bounded passages (the chunker caps them in tokens), so length varies
/// far less than across whole documents: a moderate length normalisation (b 0.4) and an early term-frequency
/// saturation (k1 0.9) are the values found robust for passage retrieval (Anserini's MS MARCO passage
/// defaults); repeating a word ten times in a chunk should not outweigh matching one more query word.
/// The title field (document title + heading path) is short and nearly constant in length, so it gets full
/// length normalisation and a weight of 2: a query word in the title of the page or section is a much
/// stronger sign of topic than one in passing in the body, which is how help-centre articles are written.
/// </summary>
internal sealed record Bm25Parameters
{
    public const float DefaultK1 = 0.9f;
    public const float DefaultBodyB = 0.4f;
    public const float DefaultTitleB = 0.75f;
    public const float DefaultTitleWeight = 2.0f;
    /// <summary>A typo-corrected word counts at most this much of an exact one: the correction may be wrong.</summary>
    public const float DefaultTypoWeight = 0.6f;
    /// <summary>Adjacent query words found adjacent in the chunk add this share of a word's weight.</summary>
    public const float DefaultPhraseWeight = 0.3f;

    public float K1 { get; init; } = DefaultK1;
    public float BodyB { get; init; } = DefaultBodyB;
    public float TitleB { get; init; } = DefaultTitleB;
    /// <summary>0 indexes the title as part of the body (plain BM25 over title + text).</summary>
    public float TitleWeight { get; init; } = DefaultTitleWeight;
    public bool TypoTolerance { get; init; } = true;
    public float TypoWeight { get; init; } = DefaultTypoWeight;
    public bool PhraseBoost { get; init; } = true;
    public float PhraseWeight { get; init; } = DefaultPhraseWeight;

    public static Bm25Parameters Default { get; } = new();

    /// <summary>The reference baseline: one field (title + text), no typos, no phrases.</summary>
    public static Bm25Parameters Plain { get; } = new() { TitleWeight = 0, TypoTolerance = false, PhraseBoost = false };
}
