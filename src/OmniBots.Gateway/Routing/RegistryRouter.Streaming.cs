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
        var (stream, report) = await FailOverAsync(route, async (endpoint, breaker, adapter, upstream) =>
        {
            var stream = new StartedStream(endpoint, breaker, _time, ct);
            try
            {
                await stream.StartAsync(adapter.StreamChatAsync(request.Model == upstream ? request : request with { Model = upstream }, stream.Token));
                return stream;
            }
            catch
            {
                await stream.DisposeAsync();
                throw;
            }
        }, ct);
        stream.Report = report;
        return stream;
    }
}
