using OmniBots.Gateway.Contracts;
using OmniBots.Knowledge.Answers;
using OmniBots.Knowledge.Contracts;

namespace OmniBots.Knowledge.Search;

internal sealed partial class KnowledgeSearch
{
    /// <summary>
    /// Retrieves (fitted to the token budget), then asks the tenant's default chat model through the gateway for
    /// an answer grounded in the passages. With no passage at or above the minimum score no model is asked: the
    /// answer is <see cref="GroundedAnswer.NotKnown"/>.
    /// </summary>
    public async Task<KnowledgeAnswer?> AnswerAsync(KnowledgeBaseSelector knowledgeBase, KnowledgeAnswerRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var found = await RetrieveAsync(knowledgeBase, request.Question, "question", request.TopK, request.Mode, request.MinScore,
            request.Filters, request.TokenBudget ?? GroundedAnswer.DefaultTokenBudget, cancellationToken);
        if (found is not { } retrieved)
        {
            return null;
        }
        if (retrieved.Passages.Count == 0)
        {
            return new KnowledgeAnswer(GroundedAnswer.NotKnown, Answered: false, [], Model: null) { Degraded = retrieved.Degraded };
        }
        var response = await gateway.ChatAsync(
            GroundedAnswer.Request(request.Question!.Trim(), retrieved.Passages), new GatewayCall(GroundedAnswer.Feature), cancellationToken);
        var text = response.Text ?? "";
        return new KnowledgeAnswer(text, Answered: text.Length > 0, GroundedAnswer.Citations(response, retrieved.Passages), response.Model)
        {
            Degraded = retrieved.Degraded,
        };
    }
}
