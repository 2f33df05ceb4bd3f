using System.Collections.Concurrent;
using OmniBots.Bots.Contracts;

namespace OmniBots.Conversations.Turns;

/// <summary>
/// Published and archived versions a conversation runs, kept for <see cref="Lifetime"/> per tenant and version id, so a busy
/// conversation does not reload its version, reusable flows and prompts on every message. A version's content never
/// changes once published; the bot settings, reusable flows and prompts loaded with it may, and are seen within
/// these seconds. Drafts are never kept (the simulator shows edits from the next message). Singleton.
/// </summary>
internal sealed class VersionCache(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    private const int MaxEntries = 5_000;
    private readonly ConcurrentDictionary<(Guid Tenant, Guid Version), (LoadedBot Bot, DateTimeOffset Until)> _entries = new();

    public LoadedBot? Find(Guid tenantId, Guid versionId)
        => _entries.TryGetValue((tenantId, versionId), out var entry) && entry.Until > time.GetUtcNow() ? entry.Bot : null;

    public void Keep(Guid tenantId, LoadedBot bot)
    {
        if (bot.Bot.VersionStatus == "draft")
        {
            return;
        }
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }
        _entries[(tenantId, bot.Bot.VersionId)] = (bot, time.GetUtcNow() + Lifetime);
    }
}
