using System.Text.Json.Nodes;
using OmniBots.Knowledge.Contracts;
using OmniBots.Runtime.Contracts;
using OmniBots.Runtime.Execution;

namespace OmniBots.Runtime.Nodes;

/// <summary>
/// A cited answer through <see cref="IKnowledgeSearch.AnswerAsync"/>: each knowledge base in order until one answers.
/// No answer from any (nothing reaches minScore) follows no_results. The answer goes to outputVariable (default
/// kb_answer) and its sources to kb_sources; sendToUser sends it with the sources.
/// </summary>
internal sealed class KbSearchNode : INodeHandler
{
    public string Type => "kb_search";
    public string? PassThrough => "answered";

    public async ValueTask<NodeResult> RunAsync(NodeContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var query = context.Render(settings.String("query", "{{last_user_message}}"));
        var bases = KnowledgeBases.For(context);
        if (context.Services.Knowledge is not { } knowledge || bases.Count == 0)
        {
            context.StepError = bases.Count == 0 ? "No knowledge base to search." : "Knowledge search is not available.";
            return NodeResult.Follow("no_results");
        }
        var request = new KnowledgeAnswerRequest(query, settings.Int("topK", 5), MinScore: settings.Number("minScore", 0),
            TokenBudget: settings.Int("contextBudgetTokens", 2000));
        foreach (var selector in bases)
        {
            KnowledgeAnswer? answer;
            try
            {
                answer = await knowledge.AnswerAsync(selector, request, cancellationToken);
            }
            catch (Exception e) when (e is KnowledgeRequestException or Gateway.Contracts.LlmProviderException)
            {
                context.Note($"knowledge base {KnowledgeBases.Describe(selector)}: {e.Message}");
                context.StepError = e.Message;
                continue;
            }
            if (answer is null)
            {
                context.Note($"knowledge base {KnowledgeBases.Describe(selector)} does not exist");
                continue;
            }
            if (!answer.Answered)
            {
                continue;
            }
            var sources = answer.Citations.Select(c => new SourceCitation(c.Citation, c.DocumentTitle, c.Url, c.Page, c.Score)).ToList();
            context.Set(context.OutputVariable("kb_answer"), answer.Answer);
            context.Set("kb_sources", new JsonArray([.. sources.Select(s => (JsonNode)new JsonObject
            {
                ["citation"] = s.Citation,
                ["title"] = s.Title,
                ["url"] = s.Url,
                ["page"] = s.Page,
                ["score"] = s.Score,
            })]));
            if (settings.Bool("sendToUser", true))
            {
                context.Send(new OutboundMessage(MessageKinds.Text) { Text = answer.Answer, Sources = sources });
            }
            context.StepError = null;
            return NodeResult.Follow("answered");
        }
        return NodeResult.Follow("no_results");
    }
}
