using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Registry.Snapshot;

namespace OmniBots.Gateway.Routing;

/// <summary>
/// <see cref="IModelRouter"/> over the registry (GW-3, GW-4). Resolves the tenant's route from the in-memory
/// snapshot, then walks its endpoints in the configured order: skips disabled endpoints and open circuits,
/// retries transient failures with jittered backoff (honouring a capped Retry-After), fails over on anything
/// but a 400, and never retries once part of a stream reached the caller. Every step lands in the RouteReport.
/// </summary>
internal sealed partial class RegistryRouter(RegistryCache registry, AdapterCache adapters, IOptions<RoutingOptions> options, TimeProvider time) : IModelRouter
{
    private readonly TimeProvider _time = time;
    private readonly RoutingOptions _options = options.Value;
    private readonly ConcurrentDictionary<Guid, CircuitBreaker> _breakers = new();

    public async Task<Routed<ChatResponse>> ChatAsync(Guid tenantId, ChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (response, report, price) = await CallAsync(tenantId, request.Model, ModelType.Chat,
            (adapter, upstream, ct) => adapter.ChatAsync(request.Model == upstream ? request : request with { Model = upstream }, ct), cancellationToken);
        return new Routed<ChatResponse>(response with { Route = report }, report, price);
    }

    public async Task<Routed<EmbeddingResponse>> EmbedAsync(Guid tenantId, EmbeddingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (response, report, price) = await CallAsync(tenantId, request.Model, ModelType.Embeddings,
            (adapter, upstream, ct) => adapter.EmbedAsync(request.Model == upstream ? request : request with { Model = upstream }, ct), cancellationToken);
        return new Routed<EmbeddingResponse>(response with { Route = report }, report, price);
    }

    public async Task<IReadOnlyList<GatewayModel>> ListModelsAsync(Guid tenantId, ModelType? type, CancellationToken cancellationToken) =>
        (await registry.ViewAsync(tenantId, cancellationToken)).CallableModels(type);

    private CircuitBreaker Breaker(Guid endpointId) =>
        _breakers.GetOrAdd(endpointId, static (_, self) => new CircuitBreaker(self._options.Breaker, self._time), this);

    private async Task<(ResolvedRoute Route, ModelPrice? Price)> ResolveAsync(Guid tenantId, string model, ModelType type, CancellationToken ct)
    {
        var view = await registry.ViewAsync(tenantId, ct);
        var code = string.IsNullOrEmpty(model) ? view.DefaultModel(type) : model;
        var route = view.Resolve(code)
            ?? throw new LlmProviderException(LlmErrorKind.ModelNotAvailable, $"Model '{code}' is not available: no route serves it for this tenant.");
        if (route.Model.Type != type)
        {
            throw new LlmProviderException(LlmErrorKind.ModelNotAvailable,
                $"Model '{code}' is a {route.Model.Type.ToString().ToLowerInvariant()} model, not a {type.ToString().ToLowerInvariant()} model.");
        }
        var period = view.Platform.PriceOn(code, DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime));
        return (route, period is null ? null : new ModelPrice(period.InputPerMillion, period.OutputPerMillion));
    }

    /// <summary>Why an endpoint cannot be tried at all (before its circuit is asked), or null with its adapter and upstream model name.</summary>
    private string? Unusable(EndpointEntry endpoint, string model, out ILlmProvider? adapter, out string upstream)
    {
        adapter = null;
        upstream = "";
        if (!endpoint.Enabled)
        {
            return "disabled";
        }
        if (endpoint.Unusable is { } why)
        {
            return why;
        }
        if (!endpoint.Models.TryGetValue(model, out var name))
        {
            return $"does not serve model '{model}'";
        }
        upstream = name;
        adapter = adapters.For(endpoint);
        return adapter is null ? $"no adapter for provider '{endpoint.Provider}'" : null;
    }

    private async Task<(T Value, RouteReport Report, ModelPrice? Price)> CallAsync<T>(
        Guid tenantId, string model, ModelType type, Func<ILlmProvider, string, CancellationToken, Task<T>> call, CancellationToken ct)
    {
        var (route, price) = await ResolveAsync(tenantId, model, type, ct);
        var (value, report) = await FailOverAsync(route, async (endpoint, breaker, adapter, upstream) =>
        {
            var value = await WithinTotalAsync(endpoint, token => call(adapter, upstream, token), ct);
            breaker.Succeeded();
            return value;
        }, ct);
        return (value, report, price);
    }

    /// <summary>
    /// The route's endpoints in order: skips unusable ones and open circuits, retries transient failures with backoff,
    /// fails over, and returns the first success with the report of every endpoint tried or skipped. <paramref name="attempt"/>
    /// makes one try and cleans up after itself when it throws.
    /// </summary>
    private async Task<(T Value, RouteReport Report)> FailOverAsync<T>(
        ResolvedRoute route, Func<EndpointEntry, CircuitBreaker, ILlmProvider, string, Task<T>> attempt, CancellationToken ct)
    {
        var attempts = new List<RouteAttempt>();
        LlmProviderException? last = null;
        foreach (var endpoint in route.Endpoints)
        {
            if (Unusable(endpoint, route.Model.Code, out var adapter, out var upstream) is { } skip)
            {
                attempts.Add(new RouteAttempt(endpoint.Name, "skipped", skip));
                continue;
            }
            var breaker = Breaker(endpoint.Id);
            for (var tries = 1; ; tries++)
            {
                if (breaker.TryEnter() is { } open)
                {
                    attempts.Add(new RouteAttempt(endpoint.Name, "skipped", open));
                    break;
                }
                try
                {
                    var value = await attempt(endpoint, breaker, adapter!, upstream);
                    attempts.Add(new RouteAttempt(endpoint.Name, "served", null));
                    return (value, Report(route, endpoint, attempts));
                }
                catch (LlmProviderException error)
                {
                    var decision = RetryDecision.For(error, tries, _options);
                    attempts.Add(new RouteAttempt(endpoint.Name, "failed", decision.Reason));
                    if (decision.ReturnToCaller)
                    {
                        breaker.Released();
                        throw WithReport(error, route, endpoint, attempts);
                    }
                    breaker.Failed();
                    last = error;
                    if (decision.RetryAfterDelay is not { } delay)
                    {
                        break;
                    }
                    await Task.Delay(delay, _time, ct);
                }
                catch (OperationCanceledException)
                {
                    breaker.Released();
                    throw;
                }
            }
        }
        throw Exhausted(route, attempts, last);
    }

    /// <summary>The endpoint's total timeout around one call; its firing (not the caller's cancellation) is a Timeout failure.</summary>
    private async Task<T> WithinTotalAsync<T>(EndpointEntry endpoint, Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        using var total = new CancellationTokenSource(endpoint.Timeouts.Total, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, total.Token);
        try
        {
            return await call(linked.Token);
        }
        catch (OperationCanceledException error) when (total.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw EndpointFailures.Timeout("not finished", endpoint.Timeouts.Total, error);
        }
    }

    private static RouteReport Report(ResolvedRoute route, Registry.Snapshot.EndpointEntry served, List<RouteAttempt> attempts) =>
        new(route.Model.Code, served.Name, served.Provider, served.Region) { Attempts = attempts };

    private static LlmProviderException WithReport(LlmProviderException error, ResolvedRoute route, EndpointEntry endpoint, List<RouteAttempt> attempts) =>
        new(error.Kind, error.Message, error) { StatusCode = error.StatusCode, RetryAfter = error.RetryAfter, Route = Report(route, endpoint, attempts) };

    private static LlmProviderException Exhausted(ResolvedRoute route, List<RouteAttempt> attempts, LlmProviderException? last)
    {
        var summary = attempts.Count == 0 ? "its route has no endpoints" : string.Join("; ", attempts.Select(a => $"{a.Endpoint} {a.Outcome}: {a.Reason}"));
        var report = new RouteReport(route.Model.Code, "", "", null) { Attempts = attempts };
        return new LlmProviderException(last?.Kind ?? LlmErrorKind.ModelNotAvailable,
            $"No endpoint could serve model '{route.Model.Code}' ({summary}).", last)
        {
            StatusCode = last?.StatusCode,
            RetryAfter = last?.RetryAfter,
            Route = report,
        };
    }
}
