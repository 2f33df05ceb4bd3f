using Npgsql;

namespace OmniBots.Platform.Database;

/// <summary>Refuses to start when the runtime role could see across tenants: a superuser, a role
/// with BYPASSRLS, or one that owns tables (ownership allows disabling row-level security).</summary>
internal static class RuntimeRoleCheck
{
    public static async Task EnsureIsolatedAsync(string runtimeConnectionString, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(runtimeConnectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("""
            SELECT r.rolsuper, r.rolbypassrls,
                   (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid AND c.relkind IN ('r', 'p')) AS owned
            FROM pg_roles r WHERE r.rolname = current_user
            """, connection);
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
            problems.Add($"owns {reader.GetInt64(2)} table(s)");
        }
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                $"The runtime database role '{builder.Username}' (Database:ConnectionString) {string.Join(" and ", problems)}, " +
                "so row-level security would not isolate tenants. Connect as a role that owns no tables and is neither " +
                "a superuser nor BYPASSRLS; see docs/operations.md.");
        }
    }
}
