using OmniBots.Gateway.Contracts;

namespace OmniBots.Runtime.Contracts;

/// <summary>What a turn knows besides the state: the bot's defaults, secrets and recent history.</summary>
public sealed record TurnContext
{
    public static readonly TurnContext Empty = new();

    /// <summary>Values for <c>{{env.X}}</c> (tenant secrets, TOOL-1).</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();
    /// <summary>The bot's default model code (empty: the tenant's default).</summary>
    public string? DefaultModel { get; init; }
    /// <summary>The bot's knowledge bases, used by KB Search / RAG Query nodes that name none.</summary>
    public IReadOnlyList<Guid> KnowledgeBaseIds { get; init; } = [];
    /// <summary>Recent messages of the conversation (oldest first), for LLM Response's historyMessages.</summary>
    public IReadOnlyList<ChatMessage> History { get; init; } = [];
}
