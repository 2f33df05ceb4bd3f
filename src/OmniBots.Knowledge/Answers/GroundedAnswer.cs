using System.Globalization;
using System.Text.RegularExpressions;
using OmniBots.Gateway.Contracts;
using OmniBots.Knowledge.Contracts;

namespace OmniBots.Knowledge.Answers;

/// <summary>
/// The answer half of KB-6: passages become the request's <see cref="ChatRequest.Context"/> (source ids "1", "2"…
/// so they match the [n] citations the prompt asks for), and the reply's citations are read back.
/// </summary>
internal static partial class GroundedAnswer
{
    public const string Feature = "knowledge.answer";
    public const int DefaultTokenBudget = 3000;

    /// <summary>Said without asking any model when no passage reaches the minimum score.</summary>
    public const string NotKnown = "I don't know: nothing in this knowledge base answers that question.";

    public const string SystemPrompt = """
        You answer customers' questions using only the numbered passages you are given from a knowledge base.
        Cite the passage behind every statement with its number in square brackets, like [1] or [2][3].
        If the passages do not contain the answer, say that you do not know; do not guess and do not use outside knowledge.
        Answer in the language of the question, briefly and plainly.
        """;

    public static ChatRequest Request(string question, IReadOnlyList<KnowledgePassage> passages) => new()
    {
        Model = "",
        Messages = [ChatMessage.System(SystemPrompt), ChatMessage.User(question)],
        Context = passages.Select(p => new ContextPassage(
            p.Rank.ToString(CultureInfo.InvariantCulture),
            p.HeadingPath.Count == 0 ? p.DocumentTitle : $"{p.DocumentTitle} — {string.Join(" › ", p.HeadingPath)}",
            p.Text)).ToList(),
    };

    /// <summary>Passages named by [n] markers in the text, else by the provider's sources, else all of them (in rank order).</summary>
    public static IReadOnlyList<KnowledgePassage> Citations(ChatResponse response, IReadOnlyList<KnowledgePassage> passages)
    {
        var byRank = passages.ToDictionary(p => p.Rank.ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal);
        var cited = Marker().Matches(response.Text ?? "").Select(m => m.Groups[1].Value)
            .Concat(response.Sources.Select(s => s.SourceId))
            .Where(byRank.ContainsKey)
            .Distinct(StringComparer.Ordinal)
            .Select(id => byRank[id])
            .OrderBy(p => p.Rank)
            .ToList();
        return cited.Count > 0 ? cited : passages;
    }

    [GeneratedRegex(@"\[(\d{1,3})\]")]
    private static partial Regex Marker();
}
