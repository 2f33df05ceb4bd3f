namespace OmniBots.Gateway.Contracts;

/// <summary>A chat completion request in the gateway's provider-neutral shape.</summary>
public sealed record ChatRequest
{
    /// <summary>
    /// To the gateway: a registry model code (empty means the tenant's default chat model). The router
    /// rewrites it to the name the chosen endpoint knows (e.g. an Azure deployment) before the adapter sees it.
    /// </summary>
    public required string Model { get; init; }
    public required IReadOnlyList<ChatMessage> Messages { get; init; }
    public IReadOnlyList<ToolDefinition> Tools { get; init; } = [];
    /// <summary>Null leaves the provider's default (auto when tools are given).</summary>
    public ToolChoice? ToolChoice { get; init; }
    public ResponseFormat ResponseFormat { get; init; } = ResponseFormat.Text;
    public double? Temperature { get; init; }
    public int? MaxTokens { get; init; }
    public IReadOnlyList<string> Stop { get; init; } = [];
    /// <summary>Retrieved passages to answer from; see <see cref="ContextPassage"/>.</summary>
    public IReadOnlyList<ContextPassage> Context { get; init; } = [];
}

public enum FinishReason
{
    Stop,
    Length,
    ToolCalls,
    ContentFilter,
    Unknown,
}

public sealed record Usage(int InputTokens, int OutputTokens)
{
    public int TotalTokens => InputTokens + OutputTokens;
}

public sealed record ChatResponse
{
    public string? Text { get; init; }
    public IReadOnlyList<ToolCall> ToolCalls { get; init; } = [];
    public FinishReason FinishReason { get; init; }
    public Usage? Usage { get; init; }
    /// <summary>The model that answered, as the provider reported it.</summary>
    public string? Model { get; init; }
    /// <summary>Passages the answer was taken from (filled by the offline provider).</summary>
    public IReadOnlyList<SourceReference> Sources { get; init; } = [];
    /// <summary>Set by the gateway (not by adapters): which endpoint served the call.</summary>
    public RouteReport? Route { get; init; }
}

/// <summary>
/// One streamed piece. Exactly one of the members is set per delta, so consumers can switch on it;
/// tool-call fragments of the same call share <see cref="ToolCallFragment.Index"/> and are concatenated.
/// </summary>
public sealed record ChatDelta
{
    public string? Text { get; init; }
    public ToolCallFragment? ToolCall { get; init; }
    public Usage? Usage { get; init; }
    public FinishReason? FinishReason { get; init; }
    /// <summary>Set by the gateway on the first delta it passes on: which endpoint is streaming.</summary>
    public RouteReport? Route { get; init; }
}

/// <summary>Id and name arrive on the first fragment of a call; arguments arrive in pieces.</summary>
public sealed record ToolCallFragment(int Index, string? Id, string? Name, string? ArgumentsPiece);

public sealed record EmbeddingRequest(string Model, IReadOnlyList<string> Inputs);

/// <summary>One vector per input, in input order.</summary>
public sealed record EmbeddingResponse(IReadOnlyList<ReadOnlyMemory<float>> Vectors, Usage Usage)
{
    /// <summary>Set by the gateway (not by adapters): which endpoint served the call.</summary>
    public RouteReport? Route { get; init; }
}
