using System.Text.Json;

namespace OmniBots.Gateway.Contracts;

public enum ChatRole
{
    System,
    User,
    Assistant,
    Tool,
}

/// <summary>
/// One turn of a conversation. Assistant turns may carry the tool calls the model made;
/// tool turns answer one of them by <see cref="ToolCallId"/>.
/// </summary>
public sealed record ChatMessage(ChatRole Role, string? Content)
{
    public IReadOnlyList<ToolCall> ToolCalls { get; init; } = [];
    public string? ToolCallId { get; init; }

    public static ChatMessage System(string content) => new(ChatRole.System, content);
    public static ChatMessage User(string content) => new(ChatRole.User, content);
    public static ChatMessage Assistant(string? content, IReadOnlyList<ToolCall>? toolCalls = null) =>
        new(ChatRole.Assistant, content) { ToolCalls = toolCalls ?? [] };
    public static ChatMessage ToolResult(string toolCallId, string content) =>
        new(ChatRole.Tool, content) { ToolCallId = toolCallId };
}

/// <summary>A function the model may call; <see cref="Parameters"/> is a JSON Schema object, passed through untouched.</summary>
public sealed record ToolDefinition(string Name, string? Description, JsonElement Parameters);

/// <summary>A call the model made: <see cref="ArgumentsJson"/> is the raw JSON text the model produced (it may be invalid).</summary>
public sealed record ToolCall(string Id, string Name, string ArgumentsJson);

public enum ToolChoiceKind
{
    Auto,
    None,
    Required,
    Specific,
}

public sealed record ToolChoice(ToolChoiceKind Kind, string? FunctionName = null)
{
    public static ToolChoice Auto { get; } = new(ToolChoiceKind.Auto);
    public static ToolChoice None { get; } = new(ToolChoiceKind.None);
    public static ToolChoice Required { get; } = new(ToolChoiceKind.Required);
    public static ToolChoice Function(string name) => new(ToolChoiceKind.Specific, name);
}

public enum ResponseFormat
{
    Text,
    JsonObject,
}

/// <summary>
/// A passage of knowledge the caller retrieved for this request (from a knowledge base, a CRM record...).
/// The offline provider answers only from these; LLM adapters hand them to the model as a system message.
/// </summary>
public sealed record ContextPassage(string SourceId, string? Title, string Text);

/// <summary>A passage an answer was taken from, so the caller can cite it.</summary>
public sealed record SourceReference(string SourceId, string? Title);
