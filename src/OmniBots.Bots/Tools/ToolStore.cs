using System.Data.Common;
using System.Text.Json.Nodes;
using OmniBots.Bots.Common;
using OmniBots.Bots.Flows;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Bots.Tools;

/// <summary>The tenant's tools (TOOL-1) and its tool settings. System tools are not stored (see <see cref="SystemTools"/>).</summary>
internal sealed class ToolStore(TenantDatabase db)
{
    private const string Columns = "code, name, description, category, parameters::text, action::text, enabled, created_at, updated_at";

    public async Task<IReadOnlyList<ToolView>> ListAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await Sql.ListAsync(connection, null, $"SELECT {Columns} FROM bots.tools ORDER BY code", Read, ct);
    }

    public async Task<IReadOnlyList<ToolView>> FindManyAsync(IReadOnlyList<string> codes, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await Sql.ListAsync(connection, null, $"SELECT {Columns} FROM bots.tools WHERE code = ANY(@codes)", Read, ct, ("codes", codes.ToArray()));
    }

    /// <summary>A stored tool or a system tool.</summary>
    public async Task<ToolView?> FindAsync(string code, CancellationToken ct)
    {
        if (SystemTools.Find(code) is { } system)
        {
            return system;
        }
        await using var connection = await db.OpenAsync(ct);
        return await Sql.FirstAsync(connection, null, $"SELECT {Columns} FROM bots.tools WHERE code = @code", Read, ct, ("code", code));
    }

    /// <summary>Null when the code is taken.</summary>
    public async Task<ToolView?> CreateAsync(Guid tenantId, ToolDefinition tool, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await Sql.FirstAsync(connection, null, $"""
            INSERT INTO bots.tools (tenant_id, code, name, description, category, parameters, action, enabled)
            VALUES (@tenant, @code, @name, @description, @category, @parameters, @action, @enabled)
            ON CONFLICT (tenant_id, code) DO NOTHING RETURNING {Columns}
            """, Read, ct, [("tenant", tenantId), .. Values(tool)]);
    }

    /// <summary>Replaces everything but the code. Null when there is no such tool.</summary>
    public async Task<ToolView?> ReplaceAsync(ToolDefinition tool, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await Sql.FirstAsync(connection, null, $"""
            UPDATE bots.tools SET name = @name, description = @description, category = @category, parameters = @parameters, action = @action,
                enabled = @enabled, updated_at = now()
            WHERE code = @code RETURNING {Columns}
            """, Read, ct, Values(tool));
    }

    public async Task<bool> DeleteAsync(string code, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await Sql.ExecuteAsync(connection, null, "DELETE FROM bots.tools WHERE code = @code", ct, ("code", code)) > 0;
    }

    public async Task<bool> AllowsPrivateNetworksAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var rows = await Sql.ListAsync(connection, null, "SELECT allow_private_networks FROM bots.tool_settings", r => r.GetBoolean(0), ct);
        return rows.Count > 0 && rows[0];
    }

    public async Task SetAllowPrivateNetworksAsync(Guid tenantId, Guid? userId, bool allow, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await Sql.ExecuteAsync(connection, null, """
            INSERT INTO bots.tool_settings (tenant_id, allow_private_networks, updated_by) VALUES (@tenant, @allow, @user)
            ON CONFLICT (tenant_id) DO UPDATE SET allow_private_networks = @allow, updated_by = @user, updated_at = now()
            """, ct, ("tenant", tenantId), ("allow", allow), ("user", new Typed(userId, NpgsqlTypes.NpgsqlDbType.Uuid)));
    }

    private static (string, object?)[] Values(ToolDefinition tool) =>
    [
        ("code", tool.Code), ("name", tool.Name), ("description", tool.Description), ("category", tool.Category),
        ("parameters", new JsonbText(tool.Parameters.ToJsonString())), ("action", new JsonbText(FlowJson.Serialize(tool.Action))), ("enabled", tool.Enabled),
    ];

    private static ToolView Read(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
        JsonNode.Parse(r.GetString(4)) as JsonObject ?? ParameterSchema.Empty(), FlowJson.Deserialize<ToolAction>(r.GetString(5)), r.GetBoolean(6), System: false,
        r.Time(7), r.Time(8));
}
