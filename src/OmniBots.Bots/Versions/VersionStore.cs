using System.Data.Common;
using System.Text.Json;
using Npgsql;
using OmniBots.Bots.Common;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Bots.Versions;

/// <summary>
/// Bot versions (BOT-2). Every change of status happens in a transaction that first locks the bot row, so two
/// publishes (or a publish and a rollback) of one bot run one after the other; the partial unique indexes
/// (one published, one draft per bot) hold the invariant even if that discipline were broken.
/// </summary>
internal sealed class VersionStore(TenantDatabase db)
{
    private const string Columns =
        "number, status, label, release_notes, based_on, revision, created_by, created_at, updated_by, updated_at, published_by, published_at, archived_at";

    public enum Outcome { Done, BotNotFound, NotFound, NotDraft, DraftExists, Conflict, AlreadyPublished }

    public async Task<IReadOnlyList<VersionSummary>?> ListAsync(Guid botId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (!await LockBotAsync(connection, null, botId, ct))
        {
            return null;
        }
        return await Sql.ListAsync(connection, null, $"SELECT {Columns} FROM bots.versions WHERE bot_id = @bot ORDER BY number DESC", ReadSummary, ct,
            ("bot", botId));
    }

    public async Task<VersionDetail?> FindAsync(Guid botId, int number, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await FindAsync(connection, null, botId, number, ct);
    }

    /// <summary>A new draft copied from <paramref name="fromVersion"/>, or from the published version, or from the latest one.</summary>
    public async Task<(Outcome, VersionDetail?)> CreateDraftAsync(Guid tenantId, Guid botId, int? fromVersion, Guid? userId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (!await LockBotAsync(connection, transaction, botId, ct))
        {
            return (Outcome.BotNotFound, null);
        }
        var source = await Sql.ListAsync(connection, transaction,
            "SELECT number, status FROM bots.versions WHERE bot_id = @bot AND (number = @from OR @from IS NULL) " +
            "ORDER BY (status = 'published') DESC, number DESC LIMIT 1", r => (Number: r.GetInt32(0), Status: r.GetString(1)), ct,
            ("bot", botId), ("from", new Typed(fromVersion, NpgsqlTypes.NpgsqlDbType.Integer)));
        if (source.Count == 0)
        {
            return (Outcome.NotFound, null);
        }
        if ((await Sql.ListAsync(connection, transaction, "SELECT 1 FROM bots.versions WHERE bot_id = @bot AND status = 'draft'", r => r.GetInt32(0), ct,
                ("bot", botId))).Count > 0)
        {
            return (Outcome.DraftExists, null);
        }
        var number = await NextNumberAsync(connection, transaction, botId, ct);
        await Sql.ExecuteAsync(connection, transaction,
            "INSERT INTO bots.versions (tenant_id, bot_id, number, status, content, based_on, created_by, updated_by) " +
            "SELECT @tenant, bot_id, @number, 'draft', content, number, @user, @user FROM bots.versions WHERE bot_id = @bot AND number = @from",
            ct, ("tenant", tenantId), ("bot", botId), ("number", number), ("from", source[0].Number), ("user", userId));
        var created = await FindAsync(connection, transaction, botId, number, ct);
        await transaction.CommitAsync(ct);
        return (Outcome.Done, created);
    }

    public async Task<(Outcome, VersionDetail?)> SaveDraftAsync(Guid botId, int number, int expectedRevision, string contentJson, Guid? userId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var saved = await Sql.ExecuteAsync(connection, null,
            "UPDATE bots.versions SET content = @content, revision = revision + 1, updated_by = @user, updated_at = now() " +
            "WHERE bot_id = @bot AND number = @number AND status = 'draft' AND revision = @revision",
            ct, ("content", new JsonbText(contentJson)), ("user", userId), ("bot", botId), ("number", number), ("revision", expectedRevision));
        var current = await FindAsync(connection, null, botId, number, ct);
        if (saved == 1)
        {
            return (Outcome.Done, current);
        }
        return current is null ? (Outcome.NotFound, null)
            : current.Version.Status != VersionStatus.Draft ? (Outcome.NotDraft, current)
            : (Outcome.Conflict, current);
    }

    public async Task<Outcome> DeleteDraftAsync(Guid botId, int number, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (await Sql.ExecuteAsync(connection, null, "DELETE FROM bots.versions WHERE bot_id = @bot AND number = @number AND status = 'draft'", ct,
                ("bot", botId), ("number", number)) == 1)
        {
            return Outcome.Done;
        }
        return await FindAsync(connection, null, botId, number, ct) is null ? Outcome.NotFound : Outcome.NotDraft;
    }

    /// <summary>Draft → published; the previously published version → archived. <paramref name="validatedRevision"/> is the
    /// revision the caller validated: a save in between makes this a conflict rather than publishing unvalidated content.</summary>
    public async Task<(Outcome, VersionDetail?)> PublishAsync(
        Guid botId, int number, int validatedRevision, string label, string notes, Guid? userId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (!await LockBotAsync(connection, transaction, botId, ct))
        {
            return (Outcome.BotNotFound, null);
        }
        var version = await FindAsync(connection, transaction, botId, number, ct);
        if (version is null || version.Version.Status != VersionStatus.Draft)
        {
            return (version is null ? Outcome.NotFound : Outcome.NotDraft, version);
        }
        if (version.Version.Revision != validatedRevision)
        {
            return (Outcome.Conflict, version);
        }
        await ArchivePublishedAsync(connection, transaction, botId, ct);
        await Sql.ExecuteAsync(connection, transaction,
            "UPDATE bots.versions SET status = 'published', label = @label, release_notes = @notes, published_by = @user, published_at = now() " +
            "WHERE bot_id = @bot AND number = @number", ct, ("label", label), ("notes", notes), ("user", userId), ("bot", botId), ("number", number));
        var published = await FindAsync(connection, transaction, botId, number, ct);
        await transaction.CommitAsync(ct);
        return (Outcome.Done, published);
    }

    /// <summary>Rollback: publishes a copy of an earlier version as a new version number (history is never rewritten).</summary>
    public async Task<(Outcome, VersionDetail?)> RollbackAsync(
        Guid tenantId, Guid botId, int number, string label, string notes, Guid? userId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (!await LockBotAsync(connection, transaction, botId, ct))
        {
            return (Outcome.BotNotFound, null);
        }
        var source = await FindAsync(connection, transaction, botId, number, ct);
        if (source is null || source.Version.Status != VersionStatus.Archived)
        {
            return (source is null ? Outcome.NotFound : source.Version.Status == VersionStatus.Published ? Outcome.AlreadyPublished : Outcome.NotDraft, source);
        }
        await ArchivePublishedAsync(connection, transaction, botId, ct);
        var next = await NextNumberAsync(connection, transaction, botId, ct);
        await Sql.ExecuteAsync(connection, transaction,
            "INSERT INTO bots.versions (tenant_id, bot_id, number, status, label, release_notes, content, based_on, created_by, updated_by, published_by, published_at) " +
            "SELECT @tenant, bot_id, @next, 'published', @label, @notes, content, number, @user, @user, @user, now() FROM bots.versions " +
            "WHERE bot_id = @bot AND number = @number",
            ct, ("tenant", tenantId), ("next", next), ("label", label), ("notes", notes), ("user", userId), ("bot", botId), ("number", number));
        var published = await FindAsync(connection, transaction, botId, next, ct);
        await transaction.CommitAsync(ct);
        return (Outcome.Done, published);
    }

    private static Task<int> ArchivePublishedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid botId, CancellationToken ct)
        => Sql.ExecuteAsync(connection, transaction,
            "UPDATE bots.versions SET status = 'archived', archived_at = now() WHERE bot_id = @bot AND status = 'published'", ct, ("bot", botId));

    private static async Task<int> NextNumberAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid botId, CancellationToken ct)
        => (await Sql.ListAsync(connection, transaction, "SELECT coalesce(max(number), 0) + 1 FROM bots.versions WHERE bot_id = @bot", r => r.GetInt32(0), ct,
            ("bot", botId)))[0];

    /// <summary>True when the bot exists in this tenant; inside a transaction it also locks the bot row until commit.</summary>
    private static async Task<bool> LockBotAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid botId, CancellationToken ct)
        => (await Sql.ListAsync(connection, transaction, "SELECT 1 FROM bots.bots WHERE id = @id" + (transaction is null ? "" : " FOR UPDATE"),
            r => r.GetInt32(0), ct, ("id", botId))).Count > 0;

    private static async Task<VersionDetail?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid botId, int number, CancellationToken ct)
        => await Sql.FirstAsync(connection, transaction, $"SELECT {Columns}, content::text FROM bots.versions WHERE bot_id = @bot AND number = @number",
            r => new VersionDetail(ReadSummary(r), ParseJson(r.GetString(13))), ct, ("bot", botId), ("number", number));

    private static JsonElement ParseJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static VersionSummary ReadSummary(DbDataReader r) => new(
        r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetString(3), r.NullableInt(4), r.GetInt32(5), r.NullableGuid(6), r.Time(7),
        r.NullableGuid(8), r.Time(9), r.NullableGuid(10), r.NullableTime(11), r.NullableTime(12));
}
