using System.Collections.Concurrent;
using OmniBots.Bots.Contracts;
using OmniBots.Runtime.Contracts;

namespace OmniBots.Conversations.Turns;

/// <summary>
/// Parsed flows by <see cref="RunnableBot.Fingerprint"/> (version id, revision, and a hash of the reusable flows and
/// prompts loaded with it): a published version is parsed once per replica; a draft saved again, or a reusable flow
/// or prompt changed, gives a new fingerprint and a new parse. Singleton.
/// </summary>
internal sealed class FlowSetCache
{
    private const int MaxEntries = 2_000;
    private readonly ConcurrentDictionary<string, FlowSet> _flows = new(StringComparer.Ordinal);

    /// <exception cref="FlowDefinitionException">The stored content cannot run.</exception>
    /// <exception cref="System.Text.Json.JsonException">The stored content is not JSON.</exception>
    public FlowSet Get(RunnableBot bot)
    {
        if (_flows.TryGetValue(bot.Fingerprint, out var cached))
        {
            return cached;
        }
        var parsed = FlowSet.Parse(bot.ContentJson, bot.ReusableFlows, bot.Prompts);
        if (_flows.Count >= MaxEntries)
        {
            _flows.Clear(); // drafts churn; a bounded cache is re-filled by the versions in use
        }
        _flows[bot.Fingerprint] = parsed;
        return parsed;
    }
}
