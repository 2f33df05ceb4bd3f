using Npgsql;
using OmniBots.Identity.Contracts;

namespace OmniBots.Identity.Purge;

/// <summary>Runs statements with <c>@tenant</c> bound to the purged tenant, in order.</summary>
internal static class PurgeSql
{
    public static async Task RunAsync(TenantPurgeContext context, CancellationToken ct, params string[] statements)
    {
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, context.Connection, context.Transaction);
            command.Parameters.AddWithValue("tenant", context.TenantId);
            await command.ExecuteNonQueryAsync(ct);
        }
    }
}

/// <summary>Every table of one module schema with a tenant_id column, read from the catalogue so a
/// table added later is purged too; referencing tables go before the tables they reference.</summary>
internal sealed class SchemaPurgeStep(string schema) : ITenantPurgeStep
{
    public async Task PurgeAsync(TenantPurgeContext context, CancellationToken ct)
    {
        var tables = new List<string>();
        var references = new List<(string From, string To)>();
        await using (var command = new NpgsqlCommand("""
            SELECT c.relname FROM pg_class c
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
            WHERE c.relnamespace = @schema::regnamespace AND c.relkind IN ('r', 'p')
            """, context.Connection, context.Transaction) { Parameters = { new("schema", schema) } })
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                tables.Add(reader.GetString(0));
            }
        }
        await using (var command = new NpgsqlCommand("""
            SELECT src.relname, dst.relname FROM pg_constraint k
            JOIN pg_class src ON src.oid = k.conrelid JOIN pg_class dst ON dst.oid = k.confrelid
            WHERE k.contype = 'f' AND k.connamespace = @schema::regnamespace AND k.conrelid <> k.confrelid
            """, context.Connection, context.Transaction) { Parameters = { new("schema", schema) } })
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                references.Add((reader.GetString(0), reader.GetString(1)));
            }
        }
        var statements = ChildrenFirst(tables, references).Select(t => $"DELETE FROM \"{schema}\".\"{t}\" WHERE tenant_id = @tenant").ToArray();
        await PurgeSql.RunAsync(context, ct, statements);
    }

    internal static IEnumerable<string> ChildrenFirst(IReadOnlyCollection<string> tables, IReadOnlyCollection<(string From, string To)> references)
    {
        var remaining = new HashSet<string>(tables, StringComparer.Ordinal);
        while (remaining.Count > 0)
        {
            // A table nobody remaining references can go now.
            var free = remaining.Where(t => !references.Any(r => r.To == t && r.From != t && remaining.Contains(r.From)))
                .OrderBy(t => t, StringComparer.Ordinal).ToList();
            if (free.Count == 0)
            {
                throw new InvalidOperationException($"Identity tables reference each other in a cycle: {string.Join(", ", remaining)}.");
            }
            foreach (var table in free)
            {
                remaining.Remove(table);
                yield return table;
            }
        }
    }
}

/// <summary>The tenant's jobs (the platform owns the queue; the purge job itself is a platform job).</summary>
internal sealed class JobsPurgeStep : ITenantPurgeStep
{
    public Task PurgeAsync(TenantPurgeContext context, CancellationToken ct)
        => PurgeSql.RunAsync(context, ct, "DELETE FROM platform.jobs WHERE tenant_id = @tenant");
}

/// <summary>The tenant's audit entries, through the one function allowed to delete from the append-only log.</summary>
internal sealed class AuditPurgeStep : ITenantPurgeStep
{
    public Task PurgeAsync(TenantPurgeContext context, CancellationToken ct)
        => PurgeSql.RunAsync(context, ct, "SELECT platform.purge_tenant_audit(@tenant)");
}
