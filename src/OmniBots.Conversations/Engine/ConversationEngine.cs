using System.Text.Json.Nodes;
using OmniBots.Conversations.Contracts;
using OmniBots.Conversations.Events;
using OmniBots.Conversations.Storage;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Conversations.Engine;

/// <summary>
/// <see cref="IConversationEngine"/> for the scope's tenant (every connection is tenant-confined: another tenant's
/// conversation is not found). Starting and turns are in <see cref="ConversationStarter"/> and <see cref="TurnProcessor"/>;
/// accepting, reading, feedback and closing are here. Scoped.
/// </summary>
internal sealed class ConversationEngine(
    TenantDatabase db, ConversationStarter starter, TurnProcessor processor, ConversationEventWriter events, TimeProvider time) : IConversationEngine
{
    public Task<StartResult> StartAsync(StartConversation request, CancellationToken ct) => starter.StartAsync(request, ct);

    public Task<IReadOnlyList<ConversationMessage>> ProcessAsync(Guid conversationId, CancellationToken ct) => processor.ProcessAsync(conversationId, ct);

    public async Task<PostResult> PostAsync(Guid conversationId, InboundMessage message, CancellationToken ct)
    {
        var accepted = await AcceptAsync(conversationId, message, ct);
        if (accepted.Status != AcceptStatus.Accepted && accepted.Status != AcceptStatus.Duplicate)
        {
            return new PostResult(accepted.Status, accepted.Message, []);
        }
        // A duplicate may still be unanswered (the first attempt crashed before its turn): process answers it then.
        return new PostResult(accepted.Status, accepted.Message, await ProcessAsync(conversationId, ct));
    }

    public async Task<AcceptResult> AcceptAsync(Guid conversationId, InboundMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        InboundValidation.Check(message);
        var now = time.GetUtcNow();
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // The row lock orders accepts and turn commits of one conversation: sequences are given out without gaps.
        var conversation = await Db.FirstAsync(connection, transaction,
            "SELECT tenant_id, bot_id, channel, status FROM conversations.conversations WHERE id = @id FOR UPDATE",
            r => new Locked(new ConversationKey(r.GetGuid(0), conversationId, r.GetGuid(1), r.GetString(2)), r.GetString(3)), ct,
            ("id", conversationId));
        if (conversation is not var (key, status))
        {
            return new AcceptResult(AcceptStatus.NotFound, null);
        }
        var original = await Db.FirstAsync(connection, transaction,
            $"SELECT {Rows.MessageColumns} FROM conversations.messages m WHERE m.conversation_id = @id AND m.client_message_id = @client",
            Rows.Message, ct, ("id", conversationId), ("client", message.ClientMessageId));
        if (original is not null)
        {
            return new AcceptResult(AcceptStatus.Duplicate, original);
        }
        if (status == ConversationStatuses.Closed)
        {
            return new AcceptResult(AcceptStatus.Closed, null);
        }
        var sequence = (await Db.ListAsync(connection, transaction,
            "UPDATE conversations.conversations SET last_sequence = last_sequence + 1, accepted_sequence = last_sequence + 1, " +
            "message_count = message_count + 1, last_message_at = @now, updated_at = @now WHERE id = @id RETURNING last_sequence",
            r => r.GetInt64(0), ct, ("id", conversationId), ("now", now)))[0];
        var body = new JsonObject { ["kind"] = message.Kind, ["text"] = message.Text };
        if (message.Payload is not null)
        {
            body["payload"] = message.Payload;
        }
        if (message.Attachments is { Count: > 0 } attachments)
        {
            body["attachments"] = System.Text.Json.JsonSerializer.SerializeToNode(attachments, Rows.Json);
        }
        var stored = new ConversationMessage(Guid.CreateVersion7(), conversationId, sequence, MessageAuthors.Customer, message.Kind, message.Text, body,
            message.ClientMessageId, now);
        await Db.ExecuteAsync(connection, transaction,
            "INSERT INTO conversations.messages (id, tenant_id, conversation_id, sequence, author, kind, text, body, client_message_id, created_at) " +
            "VALUES (@id, @tenant, @conversation, @sequence, @author, @kind, @text, @body, @client, @now)", ct,
            ("id", stored.Id), ("tenant", key.TenantId), ("conversation", conversationId), ("sequence", sequence), ("author", stored.Author),
            ("kind", stored.Kind), ("text", stored.Text), ("body", new Jsonb(body.ToJsonString())), ("client", stored.ClientMessageId), ("now", now));
        await events.WriteAsync(connection, key, sequence, [events.MessageCreated(key, stored)], ct);
        await transaction.CommitAsync(ct);
        return new AcceptResult(AcceptStatus.Accepted, stored);
    }

    public async Task<IReadOnlyList<ConversationMessage>?> ReadAsync(Guid conversationId, long afterSequence, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var exists = await Db.ListAsync(connection, null, "SELECT 1 FROM conversations.conversations WHERE id = @id", r => r.GetInt32(0), ct,
            ("id", conversationId));
        if (exists.Count == 0)
        {
            return null;
        }
        return await Db.ListAsync(connection, null,
            $"SELECT {Rows.MessageColumns} FROM conversations.messages m WHERE m.conversation_id = @id AND m.sequence > @after ORDER BY m.sequence LIMIT @limit",
            Rows.Message, ct, ("id", conversationId), ("after", afterSequence), ("limit", Math.Clamp(limit, 1, 1000)));
    }

    public async Task<ConversationSummary?> FindAsync(Guid conversationId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await Db.FirstAsync(connection, null, $"SELECT {Rows.SummaryColumns} FROM conversations.conversations c WHERE c.id = @id",
            Rows.Summary, ct, ("id", conversationId));
    }

    public async Task<FeedbackStatus> RecordFeedbackAsync(Guid conversationId, Guid messageId, MessageFeedback feedback, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        if (feedback.Rating is not ("up" or "down"))
        {
            throw new ArgumentException("The rating must be 'up' or 'down'.", nameof(feedback));
        }
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var target = await Db.FirstAsync(connection, transaction,
            "SELECT m.author, m.sequence, c.tenant_id, c.bot_id, c.channel, c.last_sequence FROM conversations.messages m " +
            "JOIN conversations.conversations c ON c.id = m.conversation_id WHERE m.id = @message AND m.conversation_id = @id",
            r => new FeedbackTarget(r.GetString(0), r.GetInt64(1), new ConversationKey(r.GetGuid(2), conversationId, r.GetGuid(3), r.GetString(4)),
                r.GetInt64(5)), ct, ("message", messageId), ("id", conversationId));
        if (target is null)
        {
            return FeedbackStatus.NotFound;
        }
        if (target.Author is not (MessageAuthors.Bot or MessageAuthors.Agent))
        {
            return FeedbackStatus.NotRateable;
        }
        var comment = feedback.Comment is { Length: > 2000 } long_ ? long_[..2000] : feedback.Comment;
        await Db.ExecuteAsync(connection, transaction, "UPDATE conversations.messages SET feedback = @rating, feedback_comment = @comment WHERE id = @message",
            ct, ("rating", feedback.Rating), ("comment", comment), ("message", messageId));
        var data = new JsonObject { ["messageId"] = messageId, ["sequence"] = target.Sequence, ["rating"] = feedback.Rating, ["comment"] = comment };
        await events.WriteAsync(connection, target.Key, target.LastSequence, [events.Event(ConversationEvents.Feedback, target.Key, data)], ct);
        await transaction.CommitAsync(ct);
        return FeedbackStatus.Recorded;
    }

    public async Task<bool> CloseAsync(Guid conversationId, string reason, CancellationToken ct)
        => await CloseAsync(conversationId, reason, idleBefore: null, ct) is not CloseOutcome.NotFound;

    /// <param name="idleBefore">Close only when no message came after this time (the idle sweep: a message that arrived
    /// meanwhile keeps the conversation open).</param>
    public async Task<CloseOutcome> CloseAsync(Guid conversationId, string reason, DateTimeOffset? idleBefore, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var now = time.GetUtcNow();
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // revision moves too: a turn that read the open conversation cannot commit over the close.
        var closed = await Db.FirstAsync(connection, transaction,
            "UPDATE conversations.conversations SET status = 'closed', closed_reason = @reason, closed_at = @now, updated_at = @now, " +
            "revision = revision + 1, resume_at = NULL WHERE id = @id AND status <> 'closed' AND (@before::timestamptz IS NULL OR last_message_at < @before) " +
            "RETURNING tenant_id, bot_id, channel, last_sequence",
            r => new { Key = new ConversationKey(r.GetGuid(0), conversationId, r.GetGuid(1), r.GetString(2)), Last = r.GetInt64(3) }, ct,
            ("reason", reason), ("now", now), ("id", conversationId), ("before", idleBefore ?? (object)new TypedNull(NpgsqlTypes.NpgsqlDbType.TimestampTz)));
        if (closed is null)
        {
            var exists = await Db.ListAsync(connection, transaction, "SELECT 1 FROM conversations.conversations WHERE id = @id", r => r.GetInt32(0), ct,
                ("id", conversationId));
            return exists.Count == 0 ? CloseOutcome.NotFound : CloseOutcome.Unchanged;
        }
        await events.WriteAsync(connection, closed.Key, closed.Last,
            [events.Event(ConversationEvents.Closed, closed.Key, new JsonObject { ["reason"] = reason })], ct);
        await transaction.CommitAsync(ct);
        return CloseOutcome.Closed;
    }

    private sealed record Locked(ConversationKey Key, string Status);

    private sealed record FeedbackTarget(string Author, long Sequence, ConversationKey Key, long LastSequence);
}

internal enum CloseOutcome { Closed, Unchanged, NotFound }
