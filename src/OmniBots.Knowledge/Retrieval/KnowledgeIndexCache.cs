using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OmniBots.Knowledge.Indexing;
using OmniBots.Platform.Events;

namespace OmniBots.Knowledge.Retrieval;

/// <summary>Retrieval settings (section <c>Knowledge:Retrieval</c>).</summary>
internal sealed class RetrievalOptions
{
    public const string Section = "Knowledge:Retrieval";
    /// <summary>Memory the index cache may hold across knowledge bases before it evicts the least recently used.</summary>
    public int CacheMegabytes { get; set; } = 2048;
}

/// <summary>
/// The searchable index of each (tenant, knowledge base), built in memory from <see cref="IChunkStore"/> on first
/// use and kept until <see cref="KnowledgeEvents.IndexChanged"/> says its chunks changed (the event bus reaches
/// every replica; a listener reconnect drops everything, since events may have been missed). The tenant is part
/// of the key and loads run in the caller's tenant scope, so one tenant's chunks are never served to another.
/// Memory is bounded: past <see cref="RetrievalOptions.CacheMegabytes"/> the least recently used indexes go.
/// Concurrent searches of a cold or stale knowledge base share one build.
/// </summary>
internal sealed class KnowledgeIndexCache(IEventBus bus, IOptions<RetrievalOptions> options, TimeProvider time) : IHostedService, IDisposable
{
    private readonly ConcurrentDictionary<(Guid Tenant, Guid KnowledgeBase), Entry> entries = new();
    private readonly ConcurrentDictionary<Guid, long> versions = new();
    private readonly CancellationTokenSource stopping = new();
    private IAsyncDisposable? subscription;
    private Task listening = Task.CompletedTask;

    private sealed class Entry(long version, Task<KnowledgeIndex> index)
    {
        public long Version { get; } = version;
        public Task<KnowledgeIndex> Index { get; } = index;
        public long LastUsed { get; set; }
    }

    public int Count => entries.Count;

    /// <summary>Bytes held by the built indexes (estimates; see <see cref="KnowledgeIndex.EstimatedBytes"/>).</summary>
    public long Bytes => entries.Values.Where(e => e.Index.IsCompletedSuccessfully).Sum(e => e.Index.Result.EstimatedBytes());

    public async Task<KnowledgeIndex> GetAsync(Guid tenantId, Guid knowledgeBaseId, Func<CancellationToken, Task<ChunkSet>> load, CancellationToken ct)
    {
        var key = (tenantId, knowledgeBaseId);
        var version = versions.GetOrAdd(knowledgeBaseId, 0);
        while (true)
        {
            if (entries.TryGetValue(key, out var entry) && entry.Version == version && !entry.Index.IsFaulted && !entry.Index.IsCanceled)
            {
                entry.LastUsed = time.GetTimestamp();
                return await entry.Index.WaitAsync(ct);
            }
            // The build must not die with one caller's cancellation: others may be waiting on it.
            var fresh = new Entry(version, Task.Run(async () => KnowledgeIndex.Build(tenantId, await load(CancellationToken.None)), CancellationToken.None))
            {
                LastUsed = time.GetTimestamp(),
            };
            var stored = entry is null ? entries.TryAdd(key, fresh) : entries.TryUpdate(key, fresh, entry);
            if (stored)
            {
                var index = await fresh.Index.WaitAsync(ct);
                Evict(key);
                return index;
            }
        }
    }

    /// <summary>Marks the knowledge base's cached indexes stale; the next search rebuilds.</summary>
    public void Invalidate(Guid knowledgeBaseId)
    {
        versions.AddOrUpdate(knowledgeBaseId, 1, (_, v) => v + 1);
        foreach (var key in entries.Keys.Where(k => k.KnowledgeBase == knowledgeBaseId))
        {
            entries.TryRemove(key, out _);
        }
    }

    /// <summary>Subscribes in the background: the bus waits for the database, which must not hold up the host's start.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        listening = Task.Run(async () => subscription = await SubscribeAsync(stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Completes once the cache listens for <see cref="KnowledgeEvents.IndexChanged"/>.</summary>
    public Task Listening => listening;

    private Task<IAsyncDisposable> SubscribeAsync(CancellationToken cancellationToken) =>
        bus.SubscribeAsync(KnowledgeEvents.IndexChanged, (message, _) =>
        {
            if (message.Reconnected)
            {
                foreach (var id in versions.Keys)
                {
                    Invalidate(id);
                }
            }
            else if (Guid.TryParse(message.Payload, out var id))
            {
                Invalidate(id);
            }
            return Task.CompletedTask;
        }, cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        if (subscription is not null)
        {
            await subscription.DisposeAsync();
        }
    }

    private void Evict((Guid, Guid) justBuilt)
    {
        var limit = options.Value.CacheMegabytes * 1024L * 1024L;
        var built = entries.Where(e => e.Value.Index.IsCompletedSuccessfully)
            .Select(e => (e.Key, e.Value, Bytes: e.Value.Index.Result.EstimatedBytes()))
            .OrderBy(e => e.Value.LastUsed)
            .ToList();
        var total = built.Sum(e => e.Bytes);
        foreach (var (key, entry, bytes) in built)
        {
            if (total <= limit)
            {
                return;
            }
            if (key != justBuilt && entries.TryRemove(new KeyValuePair<(Guid, Guid), Entry>(key, entry)))
            {
                total -= bytes;
            }
        }
    }

    public void Dispose() => stopping.Dispose();
}
