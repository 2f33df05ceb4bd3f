using System.Text.Json.Nodes;
using OmniBots.Knowledge.Contracts;
using OmniBots.Runtime.Execution;

namespace OmniBots.Runtime.Nodes;

/// <summary>Raw passages (text, title, page, score) from every knowledge base, best first, topK in all, into outputVariable
/// (default rag_chunks); none reaching minScore follows no_results.</summary>
internal sealed class RagQueryNode : INodeHandler
{
    public string Type => "rag_query";
    public string? PassThrough => "next";

    public async ValueTask<NodeResult> RunAsync(NodeContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var query = context.Render(settings.String("query", "{{last_user_message}}"));
        var topK = settings.Int("topK", 5);
        var minScore = settings.Number("minScore", 0);
        var bases = KnowledgeBases.For(context);
        if (context.Services.Knowledge is not { } knowledge || bases.Count == 0)
        {
            context.StepError = bases.Count == 0 ? "No knowledge base to search." : "Knowledge search is not available.";
            return NodeResult.Follow("no_results");
        }
        var passages = new List<KnowledgePassage>();
        foreach (var selector in bases)
        {
            try
            {
                var result = await knowledge.SearchAsync(selector, new KnowledgeSearchRequest(query, topK, MinScore: minScore), cancellationToken);
                if (result is null)
                {
                    context.Note($"knowledge base {KnowledgeBases.Describe(selector)} does not exist");
                    continue;
                }
                passages.AddRange(result.Results);
            }
            catch (Exception e) when (e is KnowledgeRequestException or Gateway.Contracts.LlmProviderException)
            {
                context.StepError = e.Message;
            }
        }
        // Stable order across knowledge bases: score, then chunk id, so the same results give the same list.
        var chosen = passages.Where(p => p.Score >= minScore).OrderByDescending(p => p.Score).ThenBy(p => p.ChunkId).Take(topK).ToList();
        if (chosen.Count == 0)
        {
            return NodeResult.Follow("no_results");
        }
        context.Set(context.OutputVariable("rag_chunks"), new JsonArray([.. chosen.Select(p => (JsonNode)new JsonObject
        {
            ["text"] = p.Text,
            ["title"] = p.DocumentTitle,
            ["page"] = p.Page,
            ["score"] = p.Score,
            ["citation"] = p.Citation,
            ["url"] = p.Url,
        })]));
        return NodeResult.Follow("next");
    }
}
