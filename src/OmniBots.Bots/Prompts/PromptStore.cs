using System.Data.Common;
using Npgsql;
using OmniBots.Bots.Common;
using OmniBots.Bots.Flows;
using OmniBots.Bots.Flows.Validation;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Bots.Prompts;

/// <summary>The tenant's prompt library (PROMPT-1): prompts with immutable keys and append-only versions.</summary>
internal sealed class PromptStore(TenantDatabase db)
{
    private const string SummaryColumns =
        "p.id, p.key, p.name, p.description, (SELECT max(version) FROM bots.prompt_versions v WHERE v.prompt_id = p.id), p.created_at, p.updated_at";
    private const string VersionColumns = "version, text, model_hints::text, notes, created_by, created_at";

    public async Task<IReadOnlyList<PromptSummary>> ListAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await Sql.ListAsync(connection, null, $"SELECT {SummaryColumns} FROM bots.prompts p ORDER BY p.key", ReadSummary, ct);
    }

    public async Task<PromptView?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await FindAsync(connection, null, id, ct);
    }

    public async Task<IReadOnlyList<PromptVersionView>?> VersionsAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var versions = await Sql.ListAsync(connection, null, $"SELECT {VersionColumns} FROM bots.prompt_versions WHERE prompt_id = @id ORDER BY version DESC",
            ReadVersion, ct, ("id", id));
        return versions.Count == 0 ? null : versions;
    }

    public async Task<PromptVersionView?> VersionAsync(Guid id, int version, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await Sql.FirstAsync(connection, null, $"SELECT {VersionColumns} FROM bots.prompt_versions WHERE prompt_id = @id AND version = @version",
            ReadVersion, ct, ("id", id), ("version", version));
    }

    /// <summary>Null when the key is taken.</summary>
    public async Task<PromptView?> CreateAsync(Guid tenantId, Guid? userId, string key, string name, string description, string text, ModelHints hints, string notes,
        CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var ids = await Sql.ListAsync(connection, transaction,
            "INSERT INTO bots.prompts (tenant_id, key, name, description) VALUES (@tenant, @key, @name, @description) ON CONFLICT (tenant_id, key) DO NOTHING RETURNING id",
            r => r.GetGuid(0), ct, ("tenant", tenantId), ("key", key), ("name", name), ("description", description));
        if (ids.Count == 0)
        {
            return null;
        }
        await InsertVersionAsync(connection, transaction, tenantId, ids[0], 1, text, hints, notes, userId, ct);
        var prompt = await FindAsync(connection, transaction, ids[0], ct);
        await transaction.CommitAsync(ct);
        return prompt;
    }

    public async Task<PromptView?> UpdateAsync(Guid id, string? name, string? description, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var updated = await Sql.ExecuteAsync(connection, null,
            "UPDATE bots.prompts SET name = coalesce(@name, name), description = coalesce(@description, description), updated_at = now() WHERE id = @id",
            ct, ("id", id), ("name", name), ("description", description));
        return updated == 0 ? null : await FindAsync(connection, null, id, ct);
    }

    /// <summary>Adds the next version (the prompt row is locked so two additions get consecutive numbers). Null when the prompt does not exist.</summary>
    public async Task<PromptVersionView?> AddVersionAsync(Guid tenantId, Guid id, Guid? userId, string text, ModelHints hints, string notes, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var locked = await Sql.ListAsync(connection, transaction, "SELECT 1 FROM bots.prompts WHERE id = @id FOR UPDATE", r => r.GetInt32(0), ct, ("id", id));
        if (locked.Count == 0)
        {
            return null;
        }
        var next = (await Sql.ListAsync(connection, transaction, "SELECT coalesce(max(version), 0) + 1 FROM bots.prompt_versions WHERE prompt_id = @id",
            r => r.GetInt32(0), ct, ("id", id)))[0];
        await InsertVersionAsync(connection, transaction, tenantId, id, next, text, hints, notes, userId, ct);
        await Sql.ExecuteAsync(connection, transaction, "UPDATE bots.prompts SET updated_at = now() WHERE id = @id", ct, ("id", id));
        var version = await Sql.FirstAsync(connection, transaction, $"SELECT {VersionColumns} FROM bots.prompt_versions WHERE prompt_id = @id AND version = @version",
            ReadVersion, ct, ("id", id), ("version", next));
        await transaction.CommitAsync(ct);
        return version;
    }

    private static Task<int> InsertVersionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid tenantId, Guid id, int version, string text,
        ModelHints hints, string notes, Guid? userId, CancellationToken ct)
        => Sql.ExecuteAsync(connection, transaction,
            "INSERT INTO bots.prompt_versions (tenant_id, prompt_id, version, text, model_hints, notes, created_by) VALUES (@tenant, @id, @version, @text, @hints, @notes, @user)",
            ct, ("tenant", tenantId), ("id", id), ("version", version), ("text", text), ("hints", new JsonbText(FlowJson.Serialize(hints))), ("notes", notes),
            ("user", userId));

    private static async Task<PromptView?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid id, CancellationToken ct)
    {
        var summary = await Sql.FirstAsync(connection, transaction, $"SELECT {SummaryColumns} FROM bots.prompts p WHERE p.id = @id", ReadSummary, ct, ("id", id));
        if (summary is null)
        {
            return null;
        }
        var latest = await Sql.FirstAsync(connection, transaction, $"SELECT {VersionColumns} FROM bots.prompt_versions WHERE prompt_id = @id AND version = @version",
            ReadVersion, ct, ("id", id), ("version", summary.LatestVersion));
        return new PromptView(summary, latest!);
    }

    private static PromptSummary ReadSummary(DbDataReader r)
        => new(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.NullableInt(4) ?? 0, r.Time(5), r.Time(6));

    private static PromptVersionView ReadVersion(DbDataReader r)
    {
        var text = r.GetString(1);
        return new(r.GetInt32(0), text, Syntax.TemplateVariables(text).Distinct(StringComparer.Ordinal).ToList(),
            FlowJson.Deserialize<ModelHints>(r.GetString(2)) ?? new ModelHints(null, null, null), r.GetString(3), r.NullableGuid(4), r.Time(5));
    }
}
