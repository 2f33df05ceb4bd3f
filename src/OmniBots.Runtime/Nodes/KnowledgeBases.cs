using OmniBots.Knowledge.Contracts;
using OmniBots.Runtime.Execution;

namespace OmniBots.Runtime.Nodes;

/// <summary>Which knowledge bases a KB Search / RAG Query node searches: the variable's (an id or a dynamic knowledge base
/// key, KB-7), else the node's ids, else the bot's.</summary>
internal static class KnowledgeBases
{
    public static IReadOnlyList<KnowledgeBaseSelector> For(NodeContext context)
    {
        if (context.Settings.String("knowledgeBaseVariable") is { } variable)
        {
            var chosen = VariablePath.ToText(context.Get(variable)).Trim();
            if (chosen.Length > 0)
            {
                return [Guid.TryParse(chosen, out var id) ? KnowledgeBaseSelector.ById(id) : KnowledgeBaseSelector.ByKey(chosen)];
            }
            context.Note($"{variable} is empty: the configured knowledge bases are searched");
        }
        var ids = context.Settings.Strings("knowledgeBaseIds").Select(s => Guid.TryParse(s, out var g) ? g : Guid.Empty)
            .Where(g => g != Guid.Empty).ToList();
        return [.. (ids.Count > 0 ? ids : context.Turn.KnowledgeBaseIds).Select(KnowledgeBaseSelector.ById)];
    }

    public static string Describe(KnowledgeBaseSelector selector) => selector.Id?.ToString() ?? selector.Key ?? "";
}
