using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using OmniBots.Conversations.Contracts;

namespace OmniBots.Conversations.Storage;

/// <summary>The column lists and readers of the module's models, so every query returns them the same way.</summary>
internal static class Rows
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public const string MessageColumns = "m.id, m.conversation_id, m.sequence, m.author, m.kind, m.text, m.body::text, m.client_message_id, m.created_at, m.feedback";

    public static ConversationMessage Message(DbDataReader r) => new(r.GetGuid(0), r.GetGuid(1), r.GetInt64(2), r.GetString(3), r.GetString(4),
        r.NullableString(5), JsonNode.Parse(r.GetString(6)) as JsonObject ?? [], r.NullableString(7), r.Time(8))
    {
        Feedback = r.NullableString(9),
    };

    public const string SummaryColumns =
        "c.id, c.bot_id, c.bot_version_number, c.deployment_id, c.channel, c.status, c.language, c.customer_external_id, c.customer_name, c.tags, " +
        "c.last_sequence, c.message_count, c.created_at, c.last_message_at, c.closed_at, c.closed_reason";

    public static ConversationSummary Summary(DbDataReader r) => new(r.GetGuid(0), r.GetGuid(1), r.NullableInt(2), r.NullableGuid(3), r.GetString(4),
        r.GetString(5), r.NullableString(6), r.NullableString(7), r.NullableString(8), r.GetFieldValue<string[]>(9), r.GetInt64(10), r.GetInt32(11),
        r.Time(12), r.Time(13), r.NullableTime(14), r.NullableString(15));

    /// <summary>What a turn needs of the conversation row.</summary>
    public const string StateColumns =
        "c.id, c.tenant_id, c.bot_id, c.bot_version_id, c.channel, c.status, c.state::text, c.revision, c.processed_sequence, c.accepted_sequence";

    public static ConversationRow State(DbDataReader r) => new(r.GetGuid(0), r.GetGuid(1), r.GetGuid(2), r.NullableGuid(3), r.GetString(4), r.GetString(5),
        r.GetString(6), r.GetInt64(7), r.GetInt64(8), r.GetInt64(9));

    public static JsonObject ToJsonObject<T>(T value) => JsonSerializer.SerializeToNode(value, Json) as JsonObject ?? [];
}

internal sealed record ConversationRow(
    Guid Id, Guid TenantId, Guid BotId, Guid? VersionId, string Channel, string Status, string StateJson, long Revision, long ProcessedSequence,
    long AcceptedSequence);
