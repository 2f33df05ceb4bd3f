using Npgsql;

namespace OmniBots.Testing;

/// <summary>A table with a <c>tenant_id</c> column, and how row-level security is set on it.</summary>
public sealed record TenantOwnedTable(string Schema, string Name, bool RowSecurity, bool Forced, int Policies)
{
    public string QualifiedName => $"\"{Schema}\".\"{Name}\"";
    public override string ToString() => $"{Schema}.{Name}";

    /// <summary>Every table of every module schema that has a tenant_id column — today's and tomorrow's.</summary>
    public static async Task<IReadOnlyList<TenantOwnedTable>> DiscoverAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("""
            SELECT n.nspname, c.relname, c.relrowsecurity, c.relforcerowsecurity,
                   (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid)
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
            WHERE c.relkind IN ('r', 'p')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'omnibots_migrations')
              AND n.nspname NOT LIKE 'pg_toast%'
            ORDER BY 1, 2
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var tables = new List<TenantOwnedTable>();
        while (await reader.ReadAsync())
        {
            tables.Add(new TenantOwnedTable(reader.GetString(0), reader.GetString(1), reader.GetBoolean(2), reader.GetBoolean(3), reader.GetInt32(4)));
        }
        return tables;
    }
}
