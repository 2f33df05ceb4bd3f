namespace OmniBots.Bots.Prompts;

internal sealed record ModelHints(string? Model, double? Temperature, int? MaxTokens);

internal sealed record PromptSummary(Guid Id, string Key, string Name, string Description, int LatestVersion, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <param name="Variables">The template variables the text uses ({{name}}), in order of first use.</param>
internal sealed record PromptVersionView(int Version, string Text, IReadOnlyList<string> Variables, ModelHints ModelHints, string Notes,
    Guid? CreatedBy, DateTimeOffset CreatedAt);

internal sealed record PromptView(PromptSummary Prompt, PromptVersionView Latest);

internal sealed record CreatePromptRequest(string? Key, string? Name, string? Description, string? Text, ModelHints? ModelHints, string? Notes);

internal sealed record UpdatePromptRequest(string? Name, string? Description);

internal sealed record PromptVersionRequest(string? Text, ModelHints? ModelHints, string? Notes);
