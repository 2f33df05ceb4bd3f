using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using OmniBots.Conversations.Contracts;
using OmniBots.Conversations.Storage;
using OmniBots.Conversations.Turns;
using OmniBots.Gateway.Contracts;
using OmniBots.Platform.Tenancy;
using OmniBots.Runtime.Contracts;

namespace OmniBots.Conversations.Engine;

/// <summary>
/// Answers accepted customer messages in sequence order, and runs Delay wake-ups. Each turn reads the state and its
/// revision, runs the executor outside any transaction, and commits with the revision check; on a conflict it reads
/// again: a message another replica answered meanwhile is above processed_sequence no more, so it is skipped. Scoped.
/// </summary>
internal sealed class TurnProcessor(TenantDatabase db, TurnRunner runner, TurnCommitter committer, TimeProvider time, ILogger<TurnProcessor> logger)
{
    private const int HistoryMessages = 20;
    private const int MaxConflicts = 50;

    public async Task<IReadOnlyList<ConversationMessage>> ProcessAsync(Guid conversationId, CancellationToken ct)
    {
        var produced = new List<ConversationMessage>();
        LoadedBot? bot = null;
        for (var conflicts = 0; conflicts < MaxConflicts;)
        {
            var (row, next, history) = await ReadNextAsync(conversationId, ct);
            if (row is null || next is null || row.Status == ConversationStatuses.Closed)
            {
                return produced;
            }
            bot ??= await LoadAsync(row, ct);
            if (bot is null)
            {
                return produced;
            }
            var inbound = next.Kind == InboundKinds.Button
                ? InboundEvent.ButtonTap(next.Body["payload"]?.GetValue<string>() ?? next.Text ?? "", next.Text)
                : InboundEvent.UserText(next.Text ?? "");
            var result = await runner.RunAsync(bot, ConversationState.FromJson(row.StateJson), inbound, history, ct);
            var committed = await committer.CommitAsync(new TurnWrite(row, result, next.Kind, next.Sequence), ct);
            if (committed is null)
            {
                conflicts++;
                logger.LogDebug("Turn of conversation {ConversationId} lost the race at revision {Revision}; reading again", conversationId, row.Revision);
                continue;
            }
            produced.AddRange(committed);
        }
        throw new InvalidOperationException($"Conversation {conversationId}: {MaxConflicts} turn commits in a row lost to concurrent changes.");
    }

    /// <summary>Runs the wake-up of the Delay the conversation waits in. False when it is too early (retry later); true when
    /// done or nothing is left to do (the conversation moved on, closed, or was deleted).</summary>
    public async Task<bool> ResumeDelayAsync(Guid conversationId, CancellationToken ct)
    {
        for (var conflicts = 0; conflicts < MaxConflicts; conflicts++)
        {
            await using var connection = await db.OpenAsync(ct);
            var row = await Db.FirstAsync(connection, null, $"SELECT {Rows.StateColumns} FROM conversations.conversations c WHERE c.id = @id",
                Rows.State, ct, ("id", conversationId));
            await connection.CloseAsync();
            if (row is null || row.Status == ConversationStatuses.Closed)
            {
                return true;
            }
            var state = ConversationState.FromJson(row.StateJson);
            if (state.Status != ConversationStatus.Waiting || state.Waiting?.Kind != WaitKinds.Delay)
            {
                return true;
            }
            if (state.Waiting.ResumeAt is { } at && at > time.GetUtcNow())
            {
                return false;
            }
            if (await LoadAsync(row, ct) is not { } bot)
            {
                return true;
            }
            var result = await runner.RunAsync(bot, state, InboundEvent.Timer(), [], ct);
            if (await committer.CommitAsync(new TurnWrite(row, result, "timer", null), ct) is not null)
            {
                return true;
            }
        }
        throw new InvalidOperationException($"Conversation {conversationId}: {MaxConflicts} timer commits in a row lost to concurrent changes.");
    }

    private async Task<LoadedBot?> LoadAsync(ConversationRow row, CancellationToken ct)
    {
        var bot = row.VersionId is { } version ? await runner.LoadAsync(row.BotId, version, ct) : null;
        if (bot is null)
        {
            logger.LogWarning("Conversation {ConversationId}: its bot {BotId} or version {VersionId} no longer exists; not answered", row.Id, row.BotId, row.VersionId);
        }
        return bot;
    }

    private async Task<(ConversationRow? Row, PendingMessage? Next, IReadOnlyList<ChatMessage> History)> ReadNextAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await Db.FirstAsync(connection, null, $"SELECT {Rows.StateColumns} FROM conversations.conversations c WHERE c.id = @id",
            Rows.State, ct, ("id", id));
        if (row is null || row.AcceptedSequence <= row.ProcessedSequence)
        {
            return (row, null, []);
        }
        var next = await Db.FirstAsync(connection, null,
            "SELECT sequence, kind, text, body::text FROM conversations.messages WHERE conversation_id = @id AND author = 'customer' AND sequence > @processed " +
            "ORDER BY sequence LIMIT 1",
            r => new PendingMessage(r.GetInt64(0), r.GetString(1), r.NullableString(2), JsonNode.Parse(r.GetString(3)) as JsonObject ?? []), ct,
            ("id", id), ("processed", row.ProcessedSequence));
        if (next is null)
        {
            return (row, null, []);
        }
        var history = await Db.ListAsync(connection, null,
            "SELECT author, text FROM (SELECT sequence, author, text FROM conversations.messages WHERE conversation_id = @id AND sequence < @sequence " +
            "AND author IN ('customer', 'bot', 'agent') AND text IS NOT NULL ORDER BY sequence DESC LIMIT @limit) h ORDER BY sequence",
            r => new ChatMessage(r.GetString(0) == MessageAuthors.Customer ? ChatRole.User : ChatRole.Assistant, r.GetString(1)), ct,
            ("id", id), ("sequence", next.Sequence), ("limit", HistoryMessages));
        return (row, next, history);
    }

    private sealed record PendingMessage(long Sequence, string Kind, string? Text, JsonObject Body);
}
