using System.Text.Json;
using Npgsql;
using OmniBots.Conversations.Contracts;
using OmniBots.Conversations.Events;
using OmniBots.Conversations.Jobs;
using OmniBots.Platform.Jobs.Contracts;
using OmniBots.Platform.Tenancy;
using OmniBots.Runtime.Contracts;

namespace OmniBots.Conversations.Storage;

/// <param name="InboundKind">start, text, button, timer.</param>
/// <param name="MessageSequence">The customer message the turn answered (null: start, timer).</param>
internal sealed record TurnWrite(ConversationRow Conversation, TurnResult Result, string InboundKind, long? MessageSequence);

/// <summary>
/// Commits a turn in one transaction (FLOW-7): the conversation's new state, variables, status and
/// processed_sequence — only if its revision is still the one the turn read (optimistic concurrency: when two
/// replicas race, one commits, the other gets null and re-reads) — the bot messages with the next sequences, the
/// turn row with its trace, the Delay wake-up job, the events and the NOTIFY. Scoped.
/// </summary>
internal sealed class TurnCommitter(TenantDatabase db, ConversationEventWriter events, IJobQueue jobs, TimeProvider time)
{
    /// <summary>The bot messages committed; null when the revision moved (someone else committed first, or the conversation closed).</summary>
    public async Task<IReadOnlyList<ConversationMessage>?> CommitAsync(TurnWrite write, CancellationToken ct)
    {
        var (conversation, result) = (write.Conversation, write.Result);
        var outbound = Storable(result.Messages);
        var now = time.GetUtcNow();
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var last = await Db.ListAsync(connection, transaction,
            "UPDATE conversations.conversations SET state = @state, variables = @variables, revision = revision + 1, " +
            "processed_sequence = GREATEST(processed_sequence, @processed), last_sequence = last_sequence + @n, message_count = message_count + @n, " +
            "status = @status, resume_at = @resumeAt, language = coalesce(@language, language), " +
            "last_message_at = CASE WHEN @n > 0 THEN @now ELSE last_message_at END, updated_at = @now " +
            "WHERE id = @id AND revision = @revision AND status <> 'closed' RETURNING last_sequence",
            r => r.GetInt64(0), ct, ("state", new Jsonb(result.State.ToJson())), ("variables", new Jsonb(result.State.Variables.ToJsonString())),
            ("processed", write.MessageSequence ?? 0L), ("n", outbound.Count), ("status", StatusOf(result.State)),
            ("resumeAt", result.Outcome == TurnOutcome.Delayed ? result.ResumeAt : null), ("language", result.State.Language), ("now", now),
            ("id", conversation.Id), ("revision", conversation.Revision));
        if (last.Count == 0)
        {
            return null;
        }
        var key = new ConversationKey(conversation.TenantId, conversation.Id, conversation.BotId, conversation.Channel);
        var turnId = await InsertTurnAsync(connection, transaction, key, write, now, ct);
        var messages = await InsertBotMessagesAsync(connection, transaction, key, outbound, last[0], turnId, now, ct);
        if (write.MessageSequence is { } answered)
        {
            await Db.ExecuteAsync(connection, transaction,
                "UPDATE conversations.messages SET turn_id = @turn WHERE conversation_id = @id AND sequence = @sequence", ct,
                ("turn", turnId), ("id", conversation.Id), ("sequence", answered));
        }
        if (result.Outcome == TurnOutcome.Delayed && result.ResumeAt is { } resumeAt)
        {
            await jobs.EnqueueAsync(connection, TimerHandler.Request(conversation.Id, resumeAt), ct);
        }
        var changes = messages.Select(m => events.MessageCreated(key, m)).ToList();
        if (result.Outcome == TurnOutcome.HandedOff && result.Handoff is { } handoff)
        {
            changes.Add(events.Event(ConversationEvents.HandoffRequested, key, Rows.ToJsonObject(handoff)));
        }
        await events.WriteAsync(connection, key, last[0], changes, ct);
        await transaction.CommitAsync(ct);
        return messages;
    }

    /// <summary>Typing indicators are for the live channel only: they are not stored as messages.</summary>
    public static List<OutboundMessage> Storable(IReadOnlyList<OutboundMessage> messages)
        => [.. messages.Where(m => m.Kind != MessageKinds.Typing)];

    /// <summary>handed_off while a Handoff waits for an agent; otherwise active (a flow that ended restarts on the next message).</summary>
    public static string StatusOf(ConversationState state)
        => state.Status == ConversationStatus.Waiting && state.Waiting?.Kind == WaitKinds.Handoff ? ConversationStatuses.HandedOff : ConversationStatuses.Active;

    public static async Task<Guid> InsertTurnAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ConversationKey key, TurnWrite write,
        DateTimeOffset now, CancellationToken ct)
    {
        var result = write.Result;
        var id = Guid.CreateVersion7();
        await Db.ExecuteAsync(connection, transaction,
            "INSERT INTO conversations.turns (id, tenant_id, conversation_id, message_sequence, inbound_kind, outcome, steps, step_count, duration_ms, " +
            "budget_exceeded, error, created_at) VALUES (@id, @tenant, @conversation, @sequence, @inbound, @outcome, @steps, @count, @duration, @budget, @error, @now)",
            ct, ("id", id), ("tenant", key.TenantId), ("conversation", key.Id), ("sequence", write.MessageSequence), ("inbound", write.InboundKind),
            ("outcome", OutcomeName(result.Outcome)), ("steps", new Jsonb(JsonSerializer.Serialize(result.Trace, Rows.Json))), ("count", result.Trace.Count),
            ("duration", result.Trace.Sum(s => s.DurationMs)), ("budget", result.BudgetExceeded),
            ("error", result.Trace.LastOrDefault(s => s.Error is not null)?.Error), ("now", now));
        return id;
    }

    /// <summary>Inserts the messages with the sequences up to <paramref name="lastSequence"/> (already reserved on the conversation row).</summary>
    public static async Task<List<ConversationMessage>> InsertBotMessagesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        ConversationKey key, IReadOnlyList<OutboundMessage> outbound, long lastSequence, Guid turnId, DateTimeOffset now, CancellationToken ct)
    {
        var messages = new List<ConversationMessage>(outbound.Count);
        var sequence = lastSequence - outbound.Count;
        foreach (var message in outbound)
        {
            sequence++;
            var stored = new ConversationMessage(Guid.CreateVersion7(), key.Id, sequence, MessageAuthors.Bot, message.Kind, message.Text,
                Rows.ToJsonObject(message), null, now);
            await Db.ExecuteAsync(connection, transaction,
                "INSERT INTO conversations.messages (id, tenant_id, conversation_id, sequence, author, kind, text, body, turn_id, created_at) " +
                "VALUES (@id, @tenant, @conversation, @sequence, @author, @kind, @text, @body, @turn, @now)", ct,
                ("id", stored.Id), ("tenant", key.TenantId), ("conversation", key.Id), ("sequence", sequence), ("author", stored.Author),
                ("kind", stored.Kind), ("text", stored.Text), ("body", new Jsonb(stored.Body.ToJsonString())), ("turn", turnId), ("now", now));
            messages.Add(stored);
        }
        return messages;
    }

    public static string OutcomeName(TurnOutcome outcome) => outcome switch
    {
        TurnOutcome.WaitingForInput => "waiting_for_input",
        TurnOutcome.Delayed => "delayed",
        TurnOutcome.HandedOff => "handed_off",
        TurnOutcome.Ended => "ended",
        _ => "ignored",
    };
}
