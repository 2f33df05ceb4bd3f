using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Routing;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Gateway.Pipeline;

/// <summary>
/// <see cref="ILlmGateway"/> for the scope's tenant: the place where limits, budgets, the cache and usage
/// metering wrap the router. (Interim: a straight pass-through to the router.)
/// </summary>
internal sealed class GatewayPipeline(ITenantContext tenant, IModelRouter router) : ILlmGateway
{
    public async Task<ChatResponse> ChatAsync(ChatRequest request, GatewayCall call, CancellationToken cancellationToken) =>
        (await router.ChatAsync(TenantId, request, cancellationToken)).Value;

    public IAsyncEnumerable<ChatDelta> StreamChatAsync(ChatRequest request, GatewayCall call, CancellationToken cancellationToken) =>
        router.StreamChatAsync(TenantId, request, cancellationToken).Deltas;

    public async Task<EmbeddingResponse> EmbedAsync(EmbeddingRequest request, GatewayCall call, CancellationToken cancellationToken) =>
        (await router.EmbedAsync(TenantId, request, cancellationToken)).Value;

    public Task<IReadOnlyList<GatewayModel>> ListModelsAsync(ModelType? type, CancellationToken cancellationToken) =>
        router.ListModelsAsync(TenantId, type, cancellationToken);

    private Guid TenantId => tenant.TenantId
        ?? throw new InvalidOperationException("The LLM gateway is called outside a tenant scope.");
}
