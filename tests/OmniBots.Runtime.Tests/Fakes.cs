using System.Text.Json.Nodes;
using OmniBots.Gateway.Contracts;
using OmniBots.Knowledge.Contracts;
using OmniBots.Runtime.Contracts;

namespace OmniBots.Runtime.Tests;

/// <summary>In-memory gateway: answers from a script (a function of the request), records every request.</summary>
public sealed class FakeLlmGateway(Func<ChatRequest, ChatResponse> answer) : ILlmGateway
{
    public List<(ChatRequest Request, GatewayCall Call)> Calls { get; } = [];

    public Task<ChatResponse> ChatAsync(ChatRequest request, GatewayCall call, CancellationToken cancellationToken)
    {
        Calls.Add((request, call));
        return Task.FromResult(answer(request));
    }

    public IAsyncEnumerable<ChatDelta> StreamChatAsync(ChatRequest request, GatewayCall call, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The executor does not stream.");

    public Task<EmbeddingResponse> EmbedAsync(EmbeddingRequest request, GatewayCall call, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The executor does not embed.");

    public Task<IReadOnlyList<GatewayModel>> ListModelsAsync(ModelType? type, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<GatewayModel>>([]);
}

/// <summary>Picks the label whose examples contain a word of the text; score 0.9, else null.</summary>
public sealed class FakeIntentClassifier : IIntentClassifier
{
    public List<ClassificationRequest> Requests { get; } = [];

    public Task<ClassificationResult> ClassifyAsync(ClassificationRequest request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        var words = request.Text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var label = request.Labels.FirstOrDefault(l => l.Examples.Any(e => words.Contains(e.ToLowerInvariant())));
        return Task.FromResult(new ClassificationResult(label?.Name, label is null ? 0 : 0.9, []));
    }
}

/// <summary>Knowledge bases as lists of passages; a passage matches when it contains a word of the query.</summary>
public sealed class FakeKnowledgeSearch : IKnowledgeSearch
{
    public Dictionary<Guid, List<(string Title, string Text, double Score)>> Bases { get; } = [];
    public List<(KnowledgeBaseSelector Selector, object Request)> Calls { get; } = [];

    public Task<KnowledgeSearchResult?> SearchAsync(KnowledgeBaseSelector knowledgeBase, KnowledgeSearchRequest request, CancellationToken cancellationToken)
    {
        Calls.Add((knowledgeBase, request));
        if (knowledgeBase.Id is not { } id || !Bases.TryGetValue(id, out var passages))
        {
            return Task.FromResult<KnowledgeSearchResult?>(null);
        }
        var found = Match(passages, request.Query ?? "", request.MinScore ?? 0).Take(request.TopK ?? 5).ToList();
        return Task.FromResult<KnowledgeSearchResult?>(new KnowledgeSearchResult(id, "lexical", 1, found));
    }

    public Task<KnowledgeAnswer?> AnswerAsync(KnowledgeBaseSelector knowledgeBase, KnowledgeAnswerRequest request, CancellationToken cancellationToken)
    {
        Calls.Add((knowledgeBase, request));
        if (knowledgeBase.Id is not { } id || !Bases.TryGetValue(id, out var passages))
        {
            return Task.FromResult<KnowledgeAnswer?>(null);
        }
        var found = Match(passages, request.Question ?? "", request.MinScore ?? 0).ToList();
        return Task.FromResult<KnowledgeAnswer?>(found.Count == 0
            ? new KnowledgeAnswer("", false, [], null)
            : new KnowledgeAnswer($"{found[0].Text} [1]", true, [found[0]], "offline"));
    }

    private static IEnumerable<KnowledgePassage> Match(List<(string Title, string Text, double Score)> passages, string query, double minScore)
    {
        var words = query.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var rank = 0;
        foreach (var (title, text, score) in passages.OrderByDescending(p => p.Score))
        {
            if (score >= minScore && words.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase)))
            {
                rank++;
                yield return new KnowledgePassage(rank, $"[{rank}]", score, Guid.NewGuid(), [], Guid.NewGuid(), title, [], 1, null, text, 10);
            }
        }
    }
}

/// <summary>Tools as functions of their arguments.</summary>
public sealed class FakeTools : IFlowToolExecutor
{
    public Dictionary<string, Func<JsonObject, ToolExecution>> Tools { get; } = [];
    public List<(string Code, string Arguments)> Calls { get; } = [];

    public Task<IReadOnlyList<ToolDefinition>> DescribeAsync(IReadOnlyList<string> toolCodes, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ToolDefinition>>([.. toolCodes.Where(Tools.ContainsKey)
            .Select(c => new ToolDefinition(c, "tool " + c, System.Text.Json.JsonDocument.Parse("""{"type":"object"}""").RootElement.Clone()))]);

    public async Task<ToolExecution> ExecuteAsync(string toolCode, JsonObject arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Calls.Add((toolCode, arguments.ToJsonString()));
        if (toolCode == "slow")
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }
        return Tools.TryGetValue(toolCode, out var tool) ? tool(arguments) : ToolExecution.Failed($"unknown tool {toolCode}");
    }
}

/// <summary>A clock the test moves.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
