using System.Text.RegularExpressions;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Knowledge.KnowledgeBases;

/// <summary>
/// Checks a create/replace request. Defaults: no embedding model (lexical search: the offline
/// embeddings are a hashed bag of words and add nothing over BM25, and a real model costs money,
/// so a tenant opts in), chunks of 400 tokens with 50 overlapping, top-k 5, minimum score 0,
/// search mode hybrid when there is an embedding model and lexical otherwise.
/// </summary>
internal sealed partial class KnowledgeBaseValidator(ILlmGateway gateway)
{
    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,62}$")]
    private static partial Regex KeyPattern();

    public async Task<(KnowledgeBaseSettings? Settings, Dictionary<string, string[]> Errors)> ValidateAsync(KnowledgeBaseRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > 100)
        {
            errors["name"] = ["A name of 1 to 100 characters is required."];
        }
        var description = request.Description?.Trim() ?? "";
        if (description.Length > 1000)
        {
            errors["description"] = ["At most 1000 characters."];
        }
        var key = string.IsNullOrWhiteSpace(request.Key) ? null : request.Key.Trim();
        if (key is not null && !KeyPattern().IsMatch(key))
        {
            errors["key"] = ["1 to 63 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit."];
        }
        var model = string.IsNullOrWhiteSpace(request.EmbeddingModel) ? null : request.EmbeddingModel.Trim();
        if (model is not null)
        {
            var models = await gateway.ListModelsAsync(ModelType.Embeddings, ct);
            if (!models.Any(m => string.Equals(m.Code, model, StringComparison.Ordinal)))
            {
                errors["embeddingModel"] = [$"'{model}' is not an embedding model of this tenant. Available: {string.Join(", ", models.Select(m => m.Code))}."];
            }
        }
        var chunkSize = request.ChunkSize ?? KnowledgeBaseSettings.DefaultChunkSize;
        if (chunkSize is < KnowledgeBaseSettings.MinChunkSize or > KnowledgeBaseSettings.MaxChunkSize)
        {
            errors["chunkSize"] = [$"Between {KnowledgeBaseSettings.MinChunkSize} and {KnowledgeBaseSettings.MaxChunkSize} tokens."];
        }
        var overlap = request.ChunkOverlap ?? Math.Min(KnowledgeBaseSettings.DefaultChunkOverlap, chunkSize / 2);
        if (overlap < 0 || overlap > chunkSize / 2)
        {
            errors["chunkOverlap"] = ["Between 0 and half the chunk size (in tokens)."];
        }
        var topK = request.TopK ?? KnowledgeBaseSettings.DefaultTopK;
        if (!KnowledgeBaseSettings.TopKChoices.Contains(topK))
        {
            errors["topK"] = ["One of 3, 5 or 10."];
        }
        var minScore = request.MinScore ?? 0;
        if (double.IsNaN(minScore) || minScore is < 0 or > 1)
        {
            errors["minScore"] = ["Between 0 and 1."];
        }
        var mode = request.SearchMode?.Trim().ToLowerInvariant() ?? (model is null ? SearchModes.Lexical : SearchModes.Hybrid);
        if (!SearchModes.All.Contains(mode))
        {
            errors["searchMode"] = ["One of hybrid, lexical or vector."];
        }
        else if (mode != SearchModes.Lexical && model is null)
        {
            errors["searchMode"] = [$"Search mode '{mode}' needs an embedding model; without one only 'lexical' is possible."];
        }
        return errors.Count > 0
            ? (null, errors)
            : (new KnowledgeBaseSettings(name, description, key, model, chunkSize, overlap, topK, minScore, mode), errors);
    }
}
