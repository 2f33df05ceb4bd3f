using System.Runtime.CompilerServices;
using OmniBots.Gateway.Cache;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Routing;
using OmniBots.Gateway.Metering;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Gateway.Pipeline;

/// <summary>
/// <see cref="ILlmGateway"/> for the scope's tenant: admission (virtual key, hard budgets, per-minute limits)
/// → exact-match cache (when the tenant enabled it) → <see cref="IModelRouter"/> → metering (limits corrected
/// with actual tokens, spend, a usage record queued). Nothing here waits for the database once the tenant and
/// key are in memory, except a cache lookup that missed the in-memory front for a tenant with the cache on.
/// </summary>
internal sealed class GatewayPipeline(
    ITenantContext tenant, IModelRouter router, AdmissionControl admission, CallMetering metering, ResponseCache cache) : ILlmGateway
{
    public async Task<ChatResponse> ChatAsync(ChatRequest request, GatewayCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(call);
        var admitted = await admission.AdmitAsync(TenantId, call, request.Model, "chat", TokenEstimator.Estimate(request), cancellationToken);
        byte[]? cacheKey = null;
        if (admitted.Settings.CacheEnabled)
        {
            cacheKey = RequestHash.Of(admitted.TenantId, request);
            if (await cache.GetAsync(admitted.TenantId, cacheKey, cancellationToken) is { } hit)
            {
                var route = CachedRoute(request.Model);
                await metering.SucceededAsync(admitted, hit.Usage ?? new Usage(0, 0), null, route, cached: true);
                return hit with { Route = route };
            }
        }
        Routed<ChatResponse> routed;
        try
        {
            routed = await router.ChatAsync(admitted.TenantId, request, cancellationToken);
        }
        catch (LlmProviderException ex)
        {
            metering.Failed(admitted, null, UsageStatus.Error, ex.Kind.ToString());
            throw;
        }
        catch (OperationCanceledException)
        {
            metering.Failed(admitted, null, UsageStatus.Cancelled, null);
            throw;
        }
        var response = routed.Value;
        var usage = response.Usage ?? new Usage(admitted.Limits.EstimatedTokens, TokenEstimator.Estimate(response.Text));
        await metering.SucceededAsync(admitted, usage, routed.Price, routed.Route, cached: false);
        if (cacheKey is not null)
        {
            cache.Store(admitted.TenantId, cacheKey, response, TimeSpan.FromSeconds(admitted.Settings.CacheTtlSeconds));
        }
        return response.Route is null ? response with { Route = routed.Route } : response;
    }

    public async IAsyncEnumerable<ChatDelta> StreamChatAsync(ChatRequest request, GatewayCall call, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(call);
        var admitted = await admission.AdmitAsync(TenantId, call, request.Model, "chat-stream", TokenEstimator.Estimate(request), cancellationToken);
        byte[]? cacheKey = null;
        if (admitted.Settings.CacheEnabled)
        {
            cacheKey = RequestHash.Of(admitted.TenantId, request);
            if (await cache.GetAsync(admitted.TenantId, cacheKey, cancellationToken) is { } hit)
            {
                var route = CachedRoute(request.Model);
                await metering.SucceededAsync(admitted, hit.Usage ?? new Usage(0, 0), null, route, cached: true);
                foreach (var delta in StreamAnswer.Replay(hit, route))
                {
                    yield return delta;
                }
                yield break;
            }
        }
        var routed = router.StreamChatAsync(admitted.TenantId, request, cancellationToken);
        var answer = new StreamAnswer();
        var finished = false;
        var enumerator = routed.Deltas.GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await enumerator.MoveNextAsync())
                    {
                        break;
                    }
                }
                catch (LlmProviderException ex)
                {
                    finished = true;
                    metering.Failed(admitted, answer.Route, UsageStatus.Error, ex.Kind.ToString(), answer.Usage);
                    throw;
                }
                answer.Add(enumerator.Current);
                yield return enumerator.Current;
            }
            finished = true;
            var usage = answer.Usage ?? new Usage(admitted.Limits.EstimatedTokens, (answer.OutputCharacters + 3) / 4);
            await metering.SucceededAsync(admitted, usage, routed.Price, answer.Route, cached: false);
            if (cacheKey is not null && answer.FinishReason is not null)
            {
                cache.Store(admitted.TenantId, cacheKey, answer.ToResponse(request.Model), TimeSpan.FromSeconds(admitted.Settings.CacheTtlSeconds));
            }
        }
        finally
        {
            if (!finished)
            {
                // The consumer stopped reading (or was cancelled) before the stream ended.
                metering.Failed(admitted, answer.Route, UsageStatus.Cancelled, null, answer.Usage);
            }
            await enumerator.DisposeAsync();
        }
    }

    public async Task<EmbeddingResponse> EmbedAsync(EmbeddingRequest request, GatewayCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(call);
        var estimate = request.Inputs.Sum(TokenEstimator.Estimate);
        var admitted = await admission.AdmitAsync(TenantId, call, request.Model, "embeddings", estimate, cancellationToken);
        Routed<EmbeddingResponse> routed;
        try
        {
            routed = await router.EmbedAsync(admitted.TenantId, request, cancellationToken);
        }
        catch (LlmProviderException ex)
        {
            metering.Failed(admitted, null, UsageStatus.Error, ex.Kind.ToString());
            throw;
        }
        catch (OperationCanceledException)
        {
            metering.Failed(admitted, null, UsageStatus.Cancelled, null);
            throw;
        }
        await metering.SucceededAsync(admitted, routed.Value.Usage, routed.Price, routed.Route, cached: false);
        return routed.Value.Route is null ? routed.Value with { Route = routed.Route } : routed.Value;
    }

    public Task<IReadOnlyList<GatewayModel>> ListModelsAsync(ModelType? type, CancellationToken cancellationToken) =>
        router.ListModelsAsync(TenantId, type, cancellationToken);

    private static RouteReport CachedRoute(string model) => new(model, "cache", "cache", null) { Cached = true };

    private Guid TenantId => tenant.TenantId
        ?? throw new InvalidOperationException("The LLM gateway is called outside a tenant scope.");
}
