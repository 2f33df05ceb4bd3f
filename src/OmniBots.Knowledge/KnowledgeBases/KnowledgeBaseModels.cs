namespace OmniBots.Knowledge.KnowledgeBases;

/// <summary>A knowledge base as the API shows it. The settings are those the next index is built with;
/// <see cref="Indexing"/> says which generation search serves and whether a re-index is under way.</summary>
internal sealed record KnowledgeBaseView(
    Guid Id,
    string Name,
    string Description,
    string? Key,
    string? EmbeddingModel,
    int ChunkSize,
    int ChunkOverlap,
    int TopK,
    double MinScore,
    string SearchMode,
    IndexingState Indexing,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <param name="LiveGeneration">The generation search serves.</param>
/// <param name="BuildingGeneration">The generation a re-index is filling, or null.</param>
internal sealed record IndexingState(int LiveGeneration, int? BuildingGeneration, int DocumentCount, long TotalBytes);

/// <summary>Create and replace (PUT) body. Absent values take the defaults in <see cref="KnowledgeBaseSettings"/>.</summary>
internal sealed record KnowledgeBaseRequest(
    string? Name,
    string? Description,
    string? Key,
    string? EmbeddingModel,
    int? ChunkSize,
    int? ChunkOverlap,
    int? TopK,
    double? MinScore,
    string? SearchMode);

/// <summary>Validated settings, ready to store.</summary>
internal sealed record KnowledgeBaseSettings(
    string Name,
    string Description,
    string? Key,
    string? EmbeddingModel,
    int ChunkSize,
    int ChunkOverlap,
    int TopK,
    double MinScore,
    string SearchMode)
{
    public const int DefaultChunkSize = 400;
    public const int DefaultChunkOverlap = 50;
    public const int MinChunkSize = 64;
    public const int MaxChunkSize = 2048;
    public const int DefaultTopK = 5;
    public static readonly int[] TopKChoices = [3, 5, 10];

    /// <summary>True when a change from <paramref name="other"/> needs every document indexed again.</summary>
    public bool NeedsReindexComparedTo(KnowledgeBaseSettings other)
        => !string.Equals(EmbeddingModel, other.EmbeddingModel, StringComparison.Ordinal)
           || ChunkSize != other.ChunkSize || ChunkOverlap != other.ChunkOverlap;
}

internal static class SearchModes
{
    public const string Hybrid = "hybrid";
    public const string Lexical = "lexical";
    public const string Vector = "vector";
    public static readonly string[] All = [Hybrid, Lexical, Vector];
}
