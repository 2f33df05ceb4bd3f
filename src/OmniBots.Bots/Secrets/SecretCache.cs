using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using OmniBots.Platform.Events;

namespace OmniBots.Bots.Secrets;

/// <summary>
/// Each tenant's decrypted secrets for a short while (<see cref="Lifetime"/>), so a busy bot does not decrypt every
/// secret on every turn. A change publishes the tenant id on <see cref="Channel"/>: every replica drops that tenant
/// at once (everything after the listener reconnected, since announcements may have been missed). The lifetime bounds
/// how long a value stays in memory even without an announcement.
/// </summary>
internal sealed class SecretCache(IEventBus bus, TimeProvider time) : IHostedService
{
    public const string Channel = "bots.secrets";
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    private readonly ConcurrentDictionary<Guid, long> _generations = new();
    private IAsyncDisposable? _subscription;

    public IReadOnlyDictionary<string, string>? Find(Guid tenantId)
        => _entries.TryGetValue(tenantId, out var entry) && time.GetUtcNow() - entry.LoadedAt < Lifetime ? entry.Values : null;

    /// <summary>Stores values read at <paramref name="loadedAt"/> unless a change was announced since (then the next turn reads again).</summary>
    public void Store(Guid tenantId, IReadOnlyDictionary<string, string> values, long generationAtLoad, DateTimeOffset loadedAt)
    {
        if (Generation(tenantId) == generationAtLoad)
        {
            _entries[tenantId] = new Entry(values, loadedAt);
        }
    }

    /// <summary>Read before loading: a change announced during the load makes <see cref="Store"/> a no-op.</summary>
    public long Generation(Guid tenantId) => _generations.TryGetValue(tenantId, out var g) ? g : 0;

    public void Forget(Guid tenantId)
    {
        _generations.AddOrUpdate(tenantId, 1, (_, g) => g + 1);
        _entries.TryRemove(tenantId, out _);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
        => _subscription = await bus.SubscribeAsync(Channel, (message, _) =>
        {
            if (message.Reconnected)
            {
                foreach (var tenant in _entries.Keys)
                {
                    Forget(tenant);
                }
            }
            else if (Guid.TryParse(message.Payload, out var tenant))
            {
                Forget(tenant);
            }
            return Task.CompletedTask;
        }, cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync();
        }
    }

    private sealed record Entry(IReadOnlyDictionary<string, string> Values, DateTimeOffset LoadedAt);
}
