namespace OmniBots.Knowledge.Contracts;

/// <summary>
/// Search and cited answers over one of the scope's tenant's knowledge bases (KB-6), chosen by id or, for a
/// dynamic knowledge base (KB-7), by its key. Scoped: the tenant is the scope's. Null: no such knowledge base.
/// Invalid requests throw <see cref="KnowledgeRequestException"/> naming the field.
/// </summary>
public interface IKnowledgeSearch
{
    Task<KnowledgeSearchResult?> SearchAsync(KnowledgeBaseSelector knowledgeBase, KnowledgeSearchRequest request, CancellationToken cancellationToken);

    Task<KnowledgeAnswer?> AnswerAsync(KnowledgeBaseSelector knowledgeBase, KnowledgeAnswerRequest request, CancellationToken cancellationToken);
}

/// <summary>Exactly one of id and key.</summary>
public sealed record KnowledgeBaseSelector(Guid? Id, string? Key)
{
    public static KnowledgeBaseSelector ById(Guid id) => new(id, null);
    public static KnowledgeBaseSelector ByKey(string key) => new(null, key);
}

/// <summary>Unset values take the knowledge base's settings (top-k, mode, minimum score).</summary>
/// <param name="Mode">"hybrid", "lexical" or "vector".</param>
/// <param name="MinScore">In [0, 1]; see <see cref="KnowledgePassage.Score"/>.</param>
/// <param name="TokenBudget">The passages' tokens add up to at most this (greedy by rank).</param>
public sealed record KnowledgeSearchRequest(
    string? Query, int? TopK = null, string? Mode = null, double? MinScore = null, KnowledgeFilters? Filters = null, int? TokenBudget = null);

/// <summary>Any listed document / source matches; every metadata pair must match exactly.</summary>
public sealed record KnowledgeFilters(
    IReadOnlyList<Guid>? DocumentIds = null, IReadOnlyList<Guid>? SourceIds = null, IReadOnlyDictionary<string, string>? Metadata = null);

/// <param name="Mode">The mode that ran: hybrid falls back to lexical when the knowledge base has no embeddings, or
/// when embedding the query failed (then <see cref="Degraded"/> says why).</param>
public sealed record KnowledgeSearchResult(Guid KnowledgeBaseId, string Mode, int Generation, IReadOnlyList<KnowledgePassage> Results)
{
    /// <summary>Null when the requested mode ran in full; otherwise why results are lexical only (hybrid search whose
    /// query embedding failed at the gateway).</summary>
    public string? Degraded { get; init; }
}

/// <summary>
/// One passage (a chunk, or adjacent chunks of a document merged). <see cref="Score"/> in [0, 1]: lexical — the
/// share of the query's BM25 weight matched (blended with its document's); vector — cosine similarity; hybrid —
/// the larger of the two (the order comes from reciprocal rank fusion, <see cref="FusionScore"/>).
/// </summary>
public sealed record KnowledgePassage(
    int Rank,
    string Citation,
    double Score,
    Guid ChunkId,
    IReadOnlyList<Guid> ChunkIds,
    Guid DocumentId,
    string DocumentTitle,
    IReadOnlyList<string> HeadingPath,
    int? Page,
    string? Url,
    string Text,
    int TokenCount)
{
    public double? LexicalScore { get; init; }
    public double? VectorScore { get; init; }
    public double? FusionScore { get; init; }
    public bool Truncated { get; init; }
}

/// <param name="TokenBudget">Context tokens for the passages (default 3,000).</param>
public sealed record KnowledgeAnswerRequest(
    string? Question, int? TopK = null, string? Mode = null, double? MinScore = null, KnowledgeFilters? Filters = null, int? TokenBudget = null);

/// <param name="Answered">False when nothing in the knowledge base was relevant enough (no model was asked) or the model said so.</param>
/// <param name="Citations">The passages the answer cites (its [n] markers or the provider's sources); all passages given when it names none.</param>
public sealed record KnowledgeAnswer(string Answer, bool Answered, IReadOnlyList<KnowledgePassage> Citations, string? Model)
{
    /// <summary>As <see cref="KnowledgeSearchResult.Degraded"/>: set when the passages were retrieved lexically only.</summary>
    public string? Degraded { get; init; }
}

/// <summary>A request the service refuses; <see cref="Field"/> names the bad field.</summary>
public sealed class KnowledgeRequestException : Exception
{
    public KnowledgeRequestException(string field, string message)
        : base(message) => Field = field;

    public KnowledgeRequestException()
        : this("request", "The request is invalid.")
    {
    }

    public KnowledgeRequestException(string message)
        : this("request", message)
    {
    }

    public KnowledgeRequestException(string message, Exception innerException)
        : base(message, innerException) => Field = "request";

    public string Field { get; } = "request";
}
