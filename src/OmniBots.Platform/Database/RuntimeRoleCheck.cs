using Npgsql;

namespace OmniBots.Platform.Database;

/// <summary>Refuses to start when the runtime role could see across tenants: a superuser, a role
/// with BYPASSRLS, one that owns tables or is a member of a role that does (it could SET ROLE to
/// the owner and switch row-level security off), or one that may create objects in a module schema.</summary>
internal static class RuntimeRoleCheck
{
    public static async Task EnsureIsolatedAsync(string runtimeConnectionString, IReadOnlyCollection<string> moduleSchemas, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(runtimeConnectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("""
            SELECT r.rolsuper, r.rolbypassrls,
                   (SELECT count(*) FROM pg_class c
                     WHERE c.relkind IN ('r', 'p', 'm') AND pg_has_role(r.oid, c.relowner, 'MEMBER')
                       AND c.relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)) AS owned,
                   (SELECT string_agg(s, ', ') FROM unnest(@schemas::text[]) s
                     WHERE EXISTS (SELECT 1 FROM pg_namespace n WHERE n.nspname = s)
                       AND has_schema_privilege(r.oid, s, 'CREATE')) AS creatable
            FROM pg_roles r WHERE r.rolname = current_user
            """, connection);
        command.Parameters.AddWithValue("schemas", moduleSchemas.ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var problems = new List<string>();
        if (reader.GetBoolean(0))
        {
            problems.Add("is a superuser");
        }
        if (reader.GetBoolean(1))
        {
            problems.Add("has BYPASSRLS");
        }
        if (reader.GetInt64(2) > 0)
        {
            problems.Add($"owns {reader.GetInt64(2)} table(s), itself or through a role it belongs to");
        }
        if (!reader.IsDBNull(3))
        {
            problems.Add($"may create objects in schema(s) {reader.GetString(3)}");
        }
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                $"The runtime database role '{builder.Username}' (Database:ConnectionString) {string.Join(" and ", problems)}, " +
                "so row-level security would not isolate tenants. Connect as a role that owns no tables, belongs to no role " +
                "that does, and is neither a superuser nor BYPASSRLS; see docs/operations.md.");
        }
    }
}
