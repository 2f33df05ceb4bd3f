using System.Runtime.CompilerServices;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Registry.Snapshot;

namespace OmniBots.Gateway.Routing;

internal sealed partial class RegistryRouter
{
    public RoutedStream StreamChatAsync(Guid tenantId, ChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        RoutedStream? routed = null;
        routed = new RoutedStream(StreamAsync(tenantId, request, price => routed!.Price = price, cancellationToken));
        return routed;
    }

    /// <summary>
    /// Failover happens only until the first delta arrives from an endpoint; from then on the stream belongs to that
    /// endpoint, and any failure reaches the caller as StreamInterrupted (never a retry: the caller already has part).
    /// </summary>
    private async IAsyncEnumerable<ChatDelta> StreamAsync(Guid tenantId, ChatRequest request, Action<ModelPrice?> setPrice,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (route, price) = await ResolveAsync(tenantId, request.Model, ModelType.Chat, cancellationToken);
        await using var started = await StartStreamAsync(route, request, cancellationToken);
        setPrice(price);
        yield return new ChatDelta { Route = started.Report };
        yield return started.First;
        while (await started.NextAsync(cancellationToken) is { } delta)
        {
            yield return delta;
        }
    }

    private async Task<StartedStream> StartStreamAsync(ResolvedRoute route, ChatRequest request, CancellationToken ct)
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
            for (var attempt = 1; ; attempt++)
            {
                if (breaker.TryEnter() is { } open)
                {
                    attempts.Add(new RouteAttempt(endpoint.Name, "skipped", open));
                    break;
                }
                var stream = new StartedStream(endpoint, breaker, _time, ct);
                try
                {
                    await stream.StartAsync(adapter!.StreamChatAsync(request with { Model = upstream }, stream.Token));
                    attempts.Add(new RouteAttempt(endpoint.Name, "served", null));
                    stream.Report = Report(route, endpoint, attempts);
                    return stream;
                }
                catch (LlmProviderException error)
                {
                    await stream.DisposeAsync();
                    var decision = RetryDecision.For(error, attempt, _options);
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
                    await stream.DisposeAsync();
                    breaker.Released();
                    throw;
                }
            }
        }
        throw Exhausted(route, attempts, last);
    }
}
