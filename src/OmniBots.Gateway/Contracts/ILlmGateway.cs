namespace OmniBots.Gateway.Contracts;

/// <summary>
/// The gateway as every other module sees it. Scoped: the tenant is the scope's tenant. Model names are
/// registry codes (routing picks the endpoint); failures surface as <see cref="LlmProviderException"/>.
/// </summary>
public interface ILlmGateway
{
    /// <summary>The response's <see cref="ChatResponse.Route"/> says which endpoint served it and why others were skipped.</summary>
    Task<ChatResponse> ChatAsync(ChatRequest request, GatewayCall call, CancellationToken cancellationToken);

    /// <summary>The first delta carries <see cref="ChatDelta.Route"/>; a failure after it is never retried.</summary>
    IAsyncEnumerable<ChatDelta> StreamChatAsync(ChatRequest request, GatewayCall call, CancellationToken cancellationToken);

    Task<EmbeddingResponse> EmbedAsync(EmbeddingRequest request, GatewayCall call, CancellationToken cancellationToken);

    /// <summary>The models the scope's tenant may call (of one type, or all).</summary>
    Task<IReadOnlyList<GatewayModel>> ListModelsAsync(ModelType? type, CancellationToken cancellationToken);
}

/// <summary>Who is calling, for limits and metering: the platform feature (e.g. "bots.llm-node", "knowledge.embed") and the virtual key, if any.</summary>
public sealed record GatewayCall(string Feature)
{
    public Guid? VirtualKeyId { get; init; }
}

public enum ModelType
{
    Chat,
    Embeddings,
    Realtime,
}

public sealed record GatewayModel(string Code, ModelType Type, int? ContextTokens)
{
    /// <summary>Vector size, for embedding models.</summary>
    public int? Dimensions { get; init; }
}

/// <summary>How a call was served: by which endpoint, and what happened to the ones tried or skipped before it.</summary>
public sealed record RouteReport(string Model, string Endpoint, string Provider, string? Region)
{
    public IReadOnlyList<RouteAttempt> Attempts { get; init; } = [];
    /// <summary>Answered from the gateway's response cache; no endpoint was called.</summary>
    public bool Cached { get; init; }
}

/// <summary>One endpoint on the route: <see cref="Outcome"/> is served, failed or skipped; <see cref="Reason"/> says why.</summary>
public sealed record RouteAttempt(string Endpoint, string Outcome, string? Reason);
