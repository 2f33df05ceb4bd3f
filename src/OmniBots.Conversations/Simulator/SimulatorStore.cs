using System.Text.Json;
using System.Text.Json.Nodes;
using OmniBots.Conversations.Storage;
using OmniBots.Platform.Tenancy;
using OmniBots.Runtime.Contracts;

namespace OmniBots.Conversations.Simulator;

/// <summary>What the simulator shows besides messages: the stored turns with their traces, the live variables and the flow position.</summary>
internal sealed class SimulatorStore(TenantDatabase db)
{
    public sealed record SessionState(Guid BotId, int? VersionNumber, string Status, JsonObject Variables, SimulatorPosition Position);

    /// <summary>Null when no simulator session of this bot has this id (in this tenant).</summary>
    public async Task<SessionState?> FindAsync(Guid botId, Guid conversationId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await Db.FirstAsync(connection, null,
            "SELECT bot_version_number, status, variables::text, state::text FROM conversations.conversations " +
            "WHERE id = @id AND bot_id = @bot AND channel = 'simulator'",
            r =>
            {
                var state = ConversationState.FromJson(r.GetString(3));
                return new SessionState(botId, r.NullableInt(0), r.GetString(1), JsonNode.Parse(r.GetString(2)) as JsonObject ?? [],
                    new SimulatorPosition(state.Status, state.FlowId, state.NodeId, state.Waiting?.Kind, state.Waiting?.ResumeAt, state.EndReason));
            }, ct, ("id", conversationId), ("bot", botId));
    }

    /// <summary>The turns, oldest first; with <paramref name="fromSequence"/>, those answering customer messages from that sequence on
    /// and the timer turns after them.</summary>
    public async Task<IReadOnlyList<SimulatorTurn>> TurnsAsync(Guid conversationId, long? fromSequence, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var turns = await Db.ListAsync(connection, null,
            "SELECT id, message_sequence, inbound_kind, outcome, step_count, duration_ms, budget_exceeded, error, steps::text, created_at " +
            "FROM conversations.turns WHERE conversation_id = @id ORDER BY created_at, id",
            r => new SimulatorTurn(r.GetGuid(0), r.IsDBNull(1) ? null : r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetInt32(4), r.GetDouble(5),
                r.GetBoolean(6), r.NullableString(7), JsonDocument.Parse(r.GetString(8)).RootElement.Clone(), r.Time(9)), ct, ("id", conversationId));
        if (fromSequence is not { } from)
        {
            return turns;
        }
        var first = turns.FindIndex(t => t.MessageSequence >= from);
        return first < 0 ? [] : turns[first..];
    }
}
