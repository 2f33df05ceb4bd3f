using System.Runtime.CompilerServices;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Offline;

namespace OmniBots.Gateway.Routing;

/// <summary>
/// Interim router until the registry exists: every model goes to the one configured provider
/// (OpenAI when <c>Gateway:OpenAi:ApiKey</c> is set, otherwise offline), with no failover.
/// </summary>
internal sealed class ConfiguredProviderRouter(ILlmProvider provider) : IModelRouter
{
    private readonly string _providerName = provider is OfflineProvider ? "offline" : "openai";

    public async Task<Routed<ChatResponse>> ChatAsync(Guid tenantId, ChatRequest request, CancellationToken cancellationToken)
    {
        var route = Report(request.Model);
        var response = await provider.ChatAsync(request, cancellationToken);
        return new Routed<ChatResponse>(response with { Route = route }, route, null);
    }

    public RoutedStream StreamChatAsync(Guid tenantId, ChatRequest request, CancellationToken cancellationToken) =>
        new(StreamAsync(request, cancellationToken));

    private async IAsyncEnumerable<ChatDelta> StreamAsync(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return new ChatDelta { Route = Report(request.Model) };
        await foreach (var delta in provider.StreamChatAsync(request, cancellationToken))
        {
            yield return delta;
        }
    }

    public async Task<Routed<EmbeddingResponse>> EmbedAsync(Guid tenantId, EmbeddingRequest request, CancellationToken cancellationToken)
    {
        var route = Report(request.Model);
        var response = await provider.EmbedAsync(request, cancellationToken);
        return new Routed<EmbeddingResponse>(response with { Route = route }, route, null);
    }

    public Task<IReadOnlyList<GatewayModel>> ListModelsAsync(Guid tenantId, ModelType? type, CancellationToken cancellationToken)
    {
        IReadOnlyList<GatewayModel> all =
        [
            new(BuiltInModels.OfflineChat, ModelType.Chat, null),
            new(BuiltInModels.OfflineEmbeddings, ModelType.Embeddings, null) { Dimensions = HashedEmbedder.Dimensions },
        ];
        return Task.FromResult<IReadOnlyList<GatewayModel>>(all.Where(m => type is null || m.Type == type).ToList());
    }

    private RouteReport Report(string model) =>
        new(model, "configured", _providerName, null) { Attempts = [new RouteAttempt("configured", "served", null)] };
}
