using System.Data.Common;
using Npgsql;
using OmniBots.Bots.Common;
using OmniBots.Bots.Flows;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Bots.Bots;

/// <summary>The current tenant's bots, on tenant-confined connections: another tenant's bot is not found.</summary>
internal sealed class BotStore(TenantDatabase db)
{
    private const string Columns =
        "b.id, b.name, b.description, b.languages, b.default_language, b.default_model, b.knowledge_base_ids, b.greeting, b.idle_timeout_minutes, " +
        "b.status, (SELECT number FROM bots.versions v WHERE v.bot_id = b.id AND v.status = 'published'), " +
        "(SELECT number FROM bots.versions v WHERE v.bot_id = b.id AND v.status = 'draft'), b.created_at, b.updated_at";

    public enum Outcome { Done, NotFound, Invalid }

    public async Task<IReadOnlyList<BotView>> ListAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await Sql.ListAsync(connection, null, $"SELECT {Columns} FROM bots.bots b ORDER BY lower(b.name), b.id", Read, ct);
    }

    public async Task<BotView?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await Sql.FirstAsync(connection, null, $"SELECT {Columns} FROM bots.bots b WHERE b.id = @id", Read, ct, ("id", id));
    }

    /// <summary>Creates the bot and its first draft (version 1: a Start node leading to an End node).</summary>
    public async Task<BotView> CreateAsync(Guid tenantId, Guid? userId, BotFields fields, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var id = (Guid)(await Sql.Command(connection, transaction,
            "INSERT INTO bots.bots (tenant_id, name, description, languages, default_language, default_model, knowledge_base_ids, greeting, " +
            "idle_timeout_minutes, status, created_by) VALUES (@tenant, @name, @description, @languages, @defaultLanguage, @model, @kbs, @greeting, @idle, " +
            "@status, @user) RETURNING id",
            ("tenant", tenantId), ("name", fields.Name), ("description", fields.Description ?? ""), ("languages", fields.Languages!),
            ("defaultLanguage", fields.DefaultLanguage), ("model", fields.DefaultModel ?? ""), ("kbs", fields.KnowledgeBaseIds ?? []),
            ("greeting", fields.Greeting ?? ""), ("idle", fields.IdleTimeoutMinutes), ("status", fields.Status), ("user", userId)).ExecuteScalarAsync(ct))!;
        await Sql.ExecuteAsync(connection, transaction,
            "INSERT INTO bots.versions (tenant_id, bot_id, number, status, content, created_by, updated_by) VALUES (@tenant, @bot, 1, 'draft', @content, @user, @user)",
            ct, ("tenant", tenantId), ("bot", id), ("content", new JsonbText(FlowJson.Serialize(VersionContent.Starter))), ("user", userId));
        var bot = await Sql.FirstAsync(connection, transaction, $"SELECT {Columns} FROM bots.bots b WHERE b.id = @id", Read, ct, ("id", id));
        await transaction.CommitAsync(ct);
        return bot!;
    }

    public async Task<(Outcome, BotView?)> UpdateAsync(Guid id, BotFields fields, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        try
        {
            var updated = await Sql.ExecuteAsync(connection, null,
                "UPDATE bots.bots SET name = coalesce(@name, name), description = coalesce(@description, description), " +
                "languages = coalesce(@languages, languages), default_language = coalesce(@defaultLanguage, " +
                "  CASE WHEN @languages IS NULL OR default_language = ANY (@languages) THEN default_language ELSE (@languages)[1] END), " +
                "default_model = coalesce(@model, default_model), knowledge_base_ids = coalesce(@kbs, knowledge_base_ids), " +
                "greeting = coalesce(@greeting, greeting), idle_timeout_minutes = coalesce(@idle, idle_timeout_minutes), " +
                "status = coalesce(@status, status), updated_at = now() WHERE id = @id",
                ct, ("id", id), ("name", fields.Name), ("description", fields.Description), ("languages", Typed.TextArray(fields.Languages)),
                ("defaultLanguage", fields.DefaultLanguage), ("model", fields.DefaultModel), ("kbs", Typed.UuidArray(fields.KnowledgeBaseIds)),
                ("greeting", fields.Greeting), ("idle", fields.IdleTimeoutMinutes), ("status", fields.Status));
            if (updated == 0)
            {
                return (Outcome.NotFound, null);
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.CheckViolation)
        {
            // The default language left the language list.
            return (Outcome.Invalid, null);
        }
        return (Outcome.Done, await Sql.FirstAsync(connection, null, $"SELECT {Columns} FROM bots.bots b WHERE b.id = @id", Read, ct, ("id", id)));
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await Sql.ExecuteAsync(connection, null, "DELETE FROM bots.bots WHERE id = @id", ct, ("id", id)) > 0;
    }

    private static BotView Read(DbDataReader r) => new(
        r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetFieldValue<string[]>(3), r.GetString(4), r.GetString(5), r.GetFieldValue<Guid[]>(6),
        r.GetString(7), r.GetInt32(8), r.GetString(9), r.NullableInt(10), r.NullableInt(11), r.Time(12), r.Time(13));
}
