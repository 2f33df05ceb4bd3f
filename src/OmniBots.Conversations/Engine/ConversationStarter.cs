using System.Text.Json.Nodes;
using OmniBots.Conversations.Contracts;
using OmniBots.Conversations.Events;
using OmniBots.Conversations.Jobs;
using OmniBots.Conversations.Storage;
using OmniBots.Conversations.Turns;
using OmniBots.Platform.Jobs.Contracts;
using OmniBots.Platform.Tenancy;
using OmniBots.Runtime.Contracts;

namespace OmniBots.Conversations.Engine;

/// <summary>
/// Starts a conversation: runs the first turn (a start event on a fresh state holding the initial variables), then
/// commits in one transaction the conversation row (revision 1), its customer and bot participants, the greeting
/// messages (sequences from 1), the turn and the events — a start that fails leaves nothing behind. Scoped.
/// </summary>
internal sealed class ConversationStarter(TenantDatabase db, ITenantContext tenant, TurnRunner runner, ConversationEventWriter events, IJobQueue jobs,
    TimeProvider time)
{
    /// <exception cref="FlowDefinitionException">The version's stored flows cannot run.</exception>
    public async Task<StartResult> StartAsync(StartConversation request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Channel);
        var tenantId = tenant.TenantId ?? throw new TenantRequiredException();
        var bot = await runner.LoadAsync(request.BotId, request.Version, ct);
        if (bot is null || (request.Version == Bots.Contracts.BotVersionChoice.Published && bot.Bot.BotStatus != "active"))
        {
            return new StartResult(StartStatus.BotNotAvailable, null, []);
        }
        var settings = bot.Bot.Settings;
        var state = new ConversationState { Language = request.Language ?? settings.DefaultLanguage };
        foreach (var (name, value) in request.Variables ?? new Dictionary<string, string>())
        {
            state.Variables[name] = value;
        }
        var result = await runner.RunAsync(bot, state, InboundEvent.Start(), [], ct);

        var id = Guid.CreateVersion7();
        var key = new ConversationKey(tenantId, id, request.BotId, request.Channel);
        var outbound = TurnCommitter.Storable(result.Messages);
        var now = time.GetUtcNow();
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await Db.ExecuteAsync(connection, transaction,
            "INSERT INTO conversations.conversations (id, tenant_id, bot_id, bot_version_id, bot_version_number, deployment_id, channel, status, language, " +
            "customer_external_id, customer_name, variables, state, revision, last_sequence, message_count, resume_at, idle_timeout_minutes, created_at, " +
            "updated_at, last_message_at) VALUES (@id, @tenant, @bot, @version, @number, @deployment, @channel, @status, @language, @external, @name, " +
            "@variables, @state, 1, @n, @n, @resumeAt, @idle, @now, @now, @now)", ct,
            ("id", id), ("tenant", tenantId), ("bot", request.BotId), ("version", bot.Bot.VersionId), ("number", bot.Bot.VersionNumber),
            ("deployment", request.DeploymentId), ("channel", request.Channel), ("status", TurnCommitter.StatusOf(result.State)),
            ("language", result.State.Language), ("external", request.CustomerExternalId), ("name", request.CustomerName),
            ("variables", new Jsonb(result.State.Variables.ToJsonString())), ("state", new Jsonb(result.State.ToJson())), ("n", (long)outbound.Count),
            ("resumeAt", result.Outcome == TurnOutcome.Delayed ? result.ResumeAt : null), ("idle", settings.IdleTimeoutMinutes), ("now", now));
        await Db.ExecuteAsync(connection, transaction,
            "INSERT INTO conversations.participants (tenant_id, conversation_id, role, external_id, display_name, joined_at) VALUES " +
            "(@tenant, @id, 'customer', @external, @name, @now), (@tenant, @id, 'bot', @bot, @botName, @now)", ct,
            ("tenant", tenantId), ("id", id), ("external", request.CustomerExternalId), ("name", request.CustomerName),
            ("bot", request.BotId.ToString()), ("botName", bot.Bot.Name), ("now", now));
        var turnId = await TurnCommitter.InsertTurnAsync(connection, transaction, key,
            new TurnWrite(new ConversationRow(id, tenantId, request.BotId, bot.Bot.VersionId, request.Channel, "", "", 0, 0, 0), result, "start", null),
            now, ct);
        var messages = await TurnCommitter.InsertBotMessagesAsync(connection, transaction, key, outbound, outbound.Count, turnId, now, ct);
        if (result.Outcome == TurnOutcome.Delayed && result.ResumeAt is { } resumeAt)
        {
            await jobs.EnqueueAsync(connection, TimerHandler.Request(id, resumeAt), ct);
        }
        var started = new JsonObject
        {
            ["botVersionNumber"] = bot.Bot.VersionNumber,
            ["deploymentId"] = request.DeploymentId?.ToString(),
            ["language"] = result.State.Language,
            ["customerExternalId"] = request.CustomerExternalId,
        };
        var changes = new List<ConversationEvent> { events.Event(ConversationEvents.Started, key, started) };
        changes.AddRange(messages.Select(m => events.MessageCreated(key, m)));
        if (result.Outcome == TurnOutcome.HandedOff && result.Handoff is { } handoff)
        {
            changes.Add(events.Event(ConversationEvents.HandoffRequested, key, Rows.ToJsonObject(handoff)));
        }
        await events.WriteAsync(connection, key, outbound.Count, changes, ct);
        await transaction.CommitAsync(ct);

        var summary = new ConversationSummary(id, request.BotId, bot.Bot.VersionNumber, request.DeploymentId, request.Channel,
            TurnCommitter.StatusOf(result.State), result.State.Language, request.CustomerExternalId, request.CustomerName, [], outbound.Count,
            outbound.Count, now, now, null, null);
        return new StartResult(StartStatus.Started, summary, messages);
    }
}
