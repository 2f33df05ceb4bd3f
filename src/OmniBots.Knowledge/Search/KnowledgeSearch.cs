using Microsoft.Extensions.Logging;
using OmniBots.Gateway.Contracts;
using OmniBots.Knowledge.Contracts;
using OmniBots.Knowledge.Indexing;
using OmniBots.Knowledge.KnowledgeBases;
using OmniBots.Knowledge.Retrieval;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Knowledge.Search;

/// <summary>
/// <see cref="IKnowledgeSearch"/>: finds the knowledge base in the tenant's scope (RLS), takes its cached index,
/// embeds the query with the generation's embedding model (vector / hybrid) and runs <see cref="Retriever"/>.
/// </summary>
internal sealed partial class KnowledgeSearch(
    ITenantContext tenant, KnowledgeBaseStore knowledgeBases, IChunkStore chunks, KnowledgeIndexCache cache, ILlmGateway gateway,
    ILogger<KnowledgeSearch> logger) : IKnowledgeSearch
{
    public const int MaxTopK = 50;
    public const int MaxQueryLength = 4000;
    public const string SearchFeature = "knowledge.search";

    public async Task<KnowledgeSearchResult?> SearchAsync(KnowledgeBaseSelector knowledgeBase, KnowledgeSearchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var found = await RetrieveAsync(knowledgeBase, request.Query, "query", request.TopK, request.Mode, request.MinScore, request.Filters, request.TokenBudget, cancellationToken);
        return found is null ? null : new KnowledgeSearchResult(found.Value.KnowledgeBaseId, found.Value.Mode, found.Value.Generation, found.Value.Passages)
        {
            Degraded = found.Value.Degraded,
        };
    }

    internal readonly record struct Retrieved(Guid KnowledgeBaseId, string Mode, int Generation, IReadOnlyList<KnowledgePassage> Passages, string? Degraded);

    internal async Task<Retrieved?> RetrieveAsync(
        KnowledgeBaseSelector selector, string? text, string textField, int? topK, string? mode, double? minScore,
        KnowledgeFilters? filters, int? tokenBudget, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(selector);
        var query = Validate(text, textField, topK, mode, minScore, tokenBudget);
        var tenantId = tenant.TenantId ?? throw new InvalidOperationException("Knowledge search needs a tenant scope.");
        var kb = selector.Id is { } id ? await knowledgeBases.FindAsync(id, ct)
            : selector.Key is { Length: > 0 } key ? await knowledgeBases.FindByKeyAsync(key, ct)
            : throw new KnowledgeRequestException("knowledgeBase", "Give a knowledge base id or key.");
        if (kb is null)
        {
            return null;
        }
        var index = await cache.GetAsync(tenantId, kb.Id, c => chunks.ReadSearchableAsync(kb.Id, c), ct);
        var searchMode = ParseMode(mode ?? kb.SearchMode);
        ReadOnlyMemory<float>? vector = null;
        string? degraded = null;
        if (searchMode != SearchMode.Lexical)
        {
            if (index.Vectors is null || index.EmbeddingModel is null)
            {
                if (searchMode == SearchMode.Vector && index.Chunks.Count > 0)
                {
                    throw new KnowledgeRequestException("mode", "This knowledge base has no embeddings: use lexical or hybrid search.");
                }
                searchMode = SearchMode.Lexical;
            }
            else if (searchMode == SearchMode.Vector)
            {
                vector = await EmbedQueryAsync(index.EmbeddingModel, query, ct);
            }
            else
            {
                try
                {
                    vector = await EmbedQueryAsync(index.EmbeddingModel, query, ct);
                }
                catch (LlmProviderException e)
                {
                    // Hybrid still has its lexical half: serve that (and say so) rather than fail the whole search.
                    logger.LogWarning(e, "Embedding the query for knowledge base {KnowledgeBaseId} failed; serving lexical results", kb.Id);
                    searchMode = SearchMode.Lexical;
                    degraded = $"Embedding the query failed ({e.Message}); lexical results only.";
                }
            }
        }
        var passages = Retriever.Retrieve(index, new RetrievalQuery(query, searchMode, topK ?? kb.TopK)
        {
            QueryVector = vector,
            MinScore = (float)(minScore ?? kb.MinScore),
            Filters = new SearchFilters
            {
                DocumentIds = filters?.DocumentIds ?? [],
                SourceIds = filters?.SourceIds ?? [],
                Metadata = filters?.Metadata ?? new Dictionary<string, string>(),
            },
            TokenBudget = tokenBudget,
        });
        return new Retrieved(kb.Id, ModeName(searchMode), index.Generation, passages.Select(ToContract).ToList(), degraded);
    }

    private async Task<ReadOnlyMemory<float>> EmbedQueryAsync(string model, string query, CancellationToken ct)
    {
        var embedded = await gateway.EmbedAsync(new EmbeddingRequest(model, [query]), new GatewayCall(SearchFeature), ct);
        return embedded.Vectors[0];
    }

    private static KnowledgePassage ToContract(RetrievedPassage p, int i) =>
        new(i + 1, $"[{i + 1}]", p.Score, p.Chunk.ChunkId, p.ChunkIds, p.Chunk.DocumentId, p.Chunk.DocumentTitle, p.Chunk.HeadingPath,
            p.Chunk.Page, p.Chunk.Metadata.GetValueOrDefault("url"), p.Text, p.TokenCount)
        {
            LexicalScore = p.LexicalScore,
            VectorScore = p.VectorScore,
            FusionScore = p.FusionScore,
            Truncated = p.Truncated,
        };

    private static string Validate(string? text, string field, int? topK, string? mode, double? minScore, int? tokenBudget)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new KnowledgeRequestException(field, $"The {field} is required.");
        }
        if (text.Length > MaxQueryLength)
        {
            throw new KnowledgeRequestException(field, $"The {field} may have at most {MaxQueryLength} characters.");
        }
        if (topK is < 1 or > MaxTopK)
        {
            throw new KnowledgeRequestException("topK", $"topK must be between 1 and {MaxTopK}.");
        }
        if (mode is not null)
        {
            _ = ParseMode(mode);
        }
        if (minScore is { } score && (double.IsNaN(score) || score < 0 || score > 1))
        {
            throw new KnowledgeRequestException("minScore", "minScore must be between 0 and 1.");
        }
        if (tokenBudget is < 1)
        {
            throw new KnowledgeRequestException("tokenBudget", "tokenBudget must be at least 1.");
        }
        return text.Trim();
    }

    private static SearchMode ParseMode(string mode) => mode switch
    {
        SearchModes.Hybrid => SearchMode.Hybrid,
        SearchModes.Lexical => SearchMode.Lexical,
        SearchModes.Vector => SearchMode.Vector,
        _ => throw new KnowledgeRequestException("mode", $"mode must be one of {string.Join(", ", SearchModes.All)}."),
    };

    private static string ModeName(SearchMode mode) => mode switch
    {
        SearchMode.Hybrid => SearchModes.Hybrid,
        SearchMode.Vector => SearchModes.Vector,
        _ => SearchModes.Lexical,
    };
}
