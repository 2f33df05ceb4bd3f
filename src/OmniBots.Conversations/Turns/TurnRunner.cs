using Microsoft.Extensions.DependencyInjection;
using OmniBots.Bots.Contracts;
using OmniBots.Gateway.Contracts;
using OmniBots.Knowledge.Contracts;
using OmniBots.Platform.Tenancy;
using OmniBots.Runtime.Contracts;

namespace OmniBots.Conversations.Turns;

/// <summary>A bot version ready to run: its settings and parsed flows.</summary>
internal sealed record LoadedBot(RunnableBot Bot, FlowSet Flows);

/// <summary>
/// Runs one executor turn with the scope's services: the tenant's gateway, intent classifier, knowledge search, tools
/// and environment when registered. The executor is built per scope because those services are scoped (tenant-bound);
/// building it costs a few field assignments. Scoped.
/// </summary>
internal sealed class TurnRunner(
    IBotDirectory directory, FlowSetCache cache, VersionCache versions, ITenantContext tenant, ExecutorOptions options, IServiceProvider services,
    TimeProvider time)
{
    private FlowExecutor? _executor;

    public async Task<LoadedBot?> LoadAsync(Guid botId, BotVersionChoice choice, CancellationToken ct)
        => Parse(await directory.LoadAsync(botId, choice, ct));

    /// <summary>The version a conversation runs (briefly cached unless a draft, see <see cref="VersionCache"/>).</summary>
    public async Task<LoadedBot?> LoadAsync(Guid botId, Guid versionId, CancellationToken ct)
    {
        var tenantId = tenant.TenantId ?? throw new TenantRequiredException();
        if (versions.Find(tenantId, versionId) is { } cached && cached.Bot.BotId == botId)
        {
            return cached;
        }
        var loaded = Parse(await directory.LoadVersionAsync(botId, versionId, ct));
        if (loaded is not null)
        {
            versions.Keep(tenantId, loaded);
        }
        return loaded;
    }

    private LoadedBot? Parse(RunnableBot? bot) => bot is null ? null : new LoadedBot(bot, cache.Get(bot));

    public async Task<TurnResult> RunAsync(LoadedBot bot, ConversationState state, InboundEvent inbound, IReadOnlyList<ChatMessage> history,
        CancellationToken ct)
    {
        var environment = services.GetService<IFlowEnvironment>();
        var turn = new TurnContext
        {
            Env = environment is null ? new Dictionary<string, string>() : await environment.LoadAsync(ct),
            DefaultModel = bot.Bot.Settings.DefaultModel,
            KnowledgeBaseIds = bot.Bot.Settings.KnowledgeBaseIds,
            History = history,
        };
        return await Executor().RunTurnAsync(bot.Flows, state, inbound, turn, ct);
    }

    private FlowExecutor Executor() => _executor ??= new FlowExecutor(new RuntimeServices
    {
        Llm = services.GetService<ILlmGateway>(),
        Intents = services.GetService<IIntentClassifier>(),
        Knowledge = services.GetService<IKnowledgeSearch>(),
        Tools = services.GetService<IFlowToolExecutor>(),
        Time = time,
    }, options);
}
