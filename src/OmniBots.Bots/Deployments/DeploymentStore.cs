using System.Data.Common;
using OmniBots.Bots.Common;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Bots.Deployments;

/// <summary>The current tenant's widget deployments of one bot.</summary>
internal sealed class DeploymentStore(TenantDatabase db)
{
    private const string Columns = "id, bot_id, channel, name, deployment_key, allowed_origins, allow_any_origin, enabled, created_at, updated_at";

    public async Task<IReadOnlyList<DeploymentView>?> ListAsync(Guid botId, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (!await BotExistsAsync(connection, botId, ct))
        {
            return null;
        }
        return await Sql.ListAsync(connection, null, $"SELECT {Columns} FROM bots.deployments WHERE bot_id = @bot ORDER BY created_at, id", Read, ct,
            ("bot", botId));
    }

    public async Task<DeploymentView?> FindAsync(Guid botId, Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await Sql.FirstAsync(connection, null, $"SELECT {Columns} FROM bots.deployments WHERE bot_id = @bot AND id = @id", Read, ct,
            ("bot", botId), ("id", id));
    }

    /// <summary>Null when the bot does not exist (in this tenant).</summary>
    public async Task<DeploymentView?> CreateAsync(Guid tenantId, Guid botId, string name, string[] origins, bool anyOrigin, bool enabled, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await Sql.FirstAsync(connection, null,
            $"INSERT INTO bots.deployments (tenant_id, bot_id, name, deployment_key, allowed_origins, allow_any_origin, enabled) " +
            $"SELECT @tenant, id, @name, @key, @origins, @any, @enabled FROM bots.bots WHERE id = @bot RETURNING {Columns}",
            Read, ct, ("tenant", tenantId), ("bot", botId), ("name", name), ("key", DeploymentKeys.New()), ("origins", origins), ("any", anyOrigin),
            ("enabled", enabled));
    }

    public async Task<DeploymentView?> UpdateAsync(Guid botId, Guid id, string? name, string[]? origins, bool? anyOrigin, bool? enabled, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await Sql.FirstAsync(connection, null,
            $"UPDATE bots.deployments SET name = coalesce(@name, name), allowed_origins = coalesce(@origins, allowed_origins), " +
            $"allow_any_origin = coalesce(@any, allow_any_origin), enabled = coalesce(@enabled, enabled), updated_at = now() " +
            $"WHERE bot_id = @bot AND id = @id RETURNING {Columns}",
            Read, ct, ("bot", botId), ("id", id), ("name", name), ("origins", Typed.TextArray(origins)), ("any", anyOrigin), ("enabled", enabled));
    }

    /// <summary>Replaces the key: pages embedding the old one stop connecting.</summary>
    public async Task<DeploymentView?> RotateKeyAsync(Guid botId, Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await Sql.FirstAsync(connection, null,
            $"UPDATE bots.deployments SET deployment_key = @key, updated_at = now() WHERE bot_id = @bot AND id = @id RETURNING {Columns}",
            Read, ct, ("bot", botId), ("id", id), ("key", DeploymentKeys.New()));
    }

    public async Task<bool> DeleteAsync(Guid botId, Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await Sql.ExecuteAsync(connection, null, "DELETE FROM bots.deployments WHERE bot_id = @bot AND id = @id", ct, ("bot", botId), ("id", id)) > 0;
    }

    private static async Task<bool> BotExistsAsync(Npgsql.NpgsqlConnection connection, Guid botId, CancellationToken ct)
        => (await Sql.ListAsync(connection, null, "SELECT 1 FROM bots.bots WHERE id = @id", r => r.GetInt32(0), ct, ("id", botId))).Count > 0;

    private static DeploymentView Read(DbDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetFieldValue<string[]>(5), r.GetBoolean(6), r.GetBoolean(7),
        r.Time(8), r.Time(9));
}
