using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Routing;

/// <summary>
/// Resolves a model code to the tenant's route (tenant endpoints first, then platform ones) and calls it with
/// timeouts, retries, failover and circuit breakers. Knows nothing of limits, budgets, caching or metering:
/// the gateway pipeline wraps it with those.
/// </summary>
internal interface IModelRouter
{
    /// <summary>The response carries <see cref="ChatResponse.Route"/>; the result carries the price that applied.</summary>
    Task<Routed<ChatResponse>> ChatAsync(Guid tenantId, ChatRequest request, CancellationToken cancellationToken);

    /// <summary>The first delta carries <see cref="ChatDelta.Route"/>; <see cref="RoutedStream.Price"/> is known once it has arrived.</summary>
    RoutedStream StreamChatAsync(Guid tenantId, ChatRequest request, CancellationToken cancellationToken);

    Task<Routed<EmbeddingResponse>> EmbedAsync(Guid tenantId, EmbeddingRequest request, CancellationToken cancellationToken);

    Task<IReadOnlyList<GatewayModel>> ListModelsAsync(Guid tenantId, ModelType? type, CancellationToken cancellationToken);
}

/// <summary>Price per million tokens on the day of the call (from the model's dated price periods); null when the model has none.</summary>
internal sealed record ModelPrice(decimal InputPerMillion, decimal OutputPerMillion)
{
    public decimal CostOf(Usage usage) =>
        (usage.InputTokens * InputPerMillion + usage.OutputTokens * OutputPerMillion) / 1_000_000m;
}

internal sealed record Routed<T>(T Value, RouteReport Route, ModelPrice? Price);

internal sealed class RoutedStream(IAsyncEnumerable<ChatDelta> deltas)
{
    public IAsyncEnumerable<ChatDelta> Deltas { get; } = deltas;
    /// <summary>Set by the router when the stream starts.</summary>
    public ModelPrice? Price { get; set; }
}
