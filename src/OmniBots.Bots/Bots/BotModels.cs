namespace OmniBots.Bots.Bots;

internal sealed record BotView(
    Guid Id, string Name, string Description, string[] Languages, string DefaultLanguage, string DefaultModel, Guid[] KnowledgeBaseIds,
    string Greeting, int IdleTimeoutMinutes, string Status, int? PublishedVersion, int? DraftVersion, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>Create (every field optional but name) and update (null keeps the current value).</summary>
internal sealed record BotRequest(
    string? Name, string? Description, string[]? Languages, string? DefaultLanguage, string? DefaultModel, Guid[]? KnowledgeBaseIds,
    string? Greeting, int? IdleTimeoutMinutes, string? Status);

/// <summary>A checked request: the values to write (null = unchanged on update).</summary>
internal sealed record BotFields(
    string? Name, string? Description, string[]? Languages, string? DefaultLanguage, string? DefaultModel, Guid[]? KnowledgeBaseIds,
    string? Greeting, int? IdleTimeoutMinutes, string? Status);
