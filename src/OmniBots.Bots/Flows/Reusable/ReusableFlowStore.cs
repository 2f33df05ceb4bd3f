using System.Data.Common;
using System.Text.Json;
using Npgsql;
using OmniBots.Bots.Common;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Bots.Flows.Reusable;

internal sealed record ReusableFlowSummary(Guid Id, string Name, string Description, int Revision, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

internal sealed record ReusableFlowView(Guid Id, string Name, string Description, int Revision, JsonElement Graph, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public string ETag => $"\"r{Revision}\"";
}

internal sealed record ReusableFlowRequest(string? Name, string? Description, FlowGraph? Graph);

/// <summary>The tenant's reusable flows (BOT-3).</summary>
internal sealed class ReusableFlowStore(TenantDatabase db)
{
    private const string Columns = "id, name, description, revision, graph::text, created_at, updated_at";

    public enum Outcome { Done, NotFound, Conflict, InUse }

    public async Task<IReadOnlyList<ReusableFlowSummary>> ListAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await Sql.ListAsync(connection, null, "SELECT id, name, description, revision, created_at, updated_at FROM bots.flows ORDER BY lower(name), id",
            r => new ReusableFlowSummary(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.Time(4), r.Time(5)), ct);
    }

    public async Task<ReusableFlowView?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await Sql.FirstAsync(connection, null, $"SELECT {Columns} FROM bots.flows WHERE id = @id", Read, ct, ("id", id));
    }

    public async Task<ReusableFlowView> CreateAsync(Guid tenantId, Guid? userId, string name, string description, string graphJson, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await Sql.FirstAsync(connection, null,
            $"INSERT INTO bots.flows (tenant_id, name, description, graph, created_by) VALUES (@tenant, @name, @description, @graph, @user) RETURNING {Columns}",
            Read, ct, ("tenant", tenantId), ("name", name), ("description", description), ("graph", new JsonbText(graphJson)), ("user", userId)))!;
    }

    public async Task<(Outcome, ReusableFlowView?)> UpdateAsync(Guid id, int revision, string? name, string? description, string? graphJson, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var updated = await Sql.FirstAsync(connection, null,
            $"UPDATE bots.flows SET name = coalesce(@name, name), description = coalesce(@description, description), graph = coalesce(@graph, graph), " +
            $"revision = revision + 1, updated_at = now() WHERE id = @id AND revision = @revision RETURNING {Columns}",
            Read, ct, ("id", id), ("revision", revision), ("name", name), ("description", description),
            ("graph", new Typed(graphJson, NpgsqlTypes.NpgsqlDbType.Jsonb)));
        if (updated is not null)
        {
            return (Outcome.Done, updated);
        }
        var current = await Sql.FirstAsync(connection, null, $"SELECT {Columns} FROM bots.flows WHERE id = @id", Read, ct, ("id", id));
        return (current is null ? Outcome.NotFound : Outcome.Conflict, current);
    }

    /// <summary>Refused while the draft or the published version of any bot has a Go to flow node targeting it.</summary>
    public async Task<Outcome> DeleteAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var uses = await Sql.ListAsync(connection, transaction,
            "SELECT 1 FROM bots.versions WHERE status IN ('draft', 'published') AND jsonb_path_exists(content, " +
            "'$.** ? (@.type == \"go_to_flow\" && @.settings.flowId == $id)', jsonb_build_object('id', @id::text)) LIMIT 1",
            r => r.GetInt32(0), ct, ("id", id));
        if (uses.Count > 0)
        {
            return Outcome.InUse;
        }
        var deleted = await Sql.ExecuteAsync(connection, transaction, "DELETE FROM bots.flows WHERE id = @id", ct, ("id", id));
        await transaction.CommitAsync(ct);
        return deleted == 1 ? Outcome.Done : Outcome.NotFound;
    }

    private static ReusableFlowView Read(DbDataReader r)
    {
        using var graph = JsonDocument.Parse(r.GetString(4));
        return new(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetInt32(3), graph.RootElement.Clone(), r.Time(5), r.Time(6));
    }
}
