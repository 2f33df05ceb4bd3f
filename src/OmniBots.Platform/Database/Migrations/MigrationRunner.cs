using Microsoft.Extensions.Logging;
using Npgsql;

namespace OmniBots.Platform.Database.Migrations;

/// <summary>
/// Applies every module's migrations in registration order, each file in its own transaction,
/// under one advisory lock so several hosts starting at once apply each file exactly once.
/// A recorded file whose text changed stops start-up.
/// </summary>
public sealed class MigrationRunner(IEnumerable<ModuleMigrations> modules, ILogger<MigrationRunner> logger)
{
    // Arbitrary but fixed: every host must contend for the same lock.
    private const long LockKey = 0x4F4D4E49_424F5431; // "OMNIBOT1"

    /// <summary>Marks a table only the elevated role may use (e.g. key material):
    /// <c>COMMENT ON TABLE x IS 'elevated-only: why'</c>.</summary>
    public const string ElevatedOnlyMarker = "elevated-only";

    /// <summary>Marks a table the runtime role may read and insert into but not update or delete
    /// from (e.g. the job queue, whose state only the elevated machinery changes):
    /// <c>COMMENT ON TABLE x IS 'runtime-append-only: why'</c>.</summary>
    public const string RuntimeAppendOnlyMarker = "runtime-append-only";

    /// <summary>Marks a table nobody but its owner may update or delete from (the audit log):
    /// <c>COMMENT ON TABLE x IS 'append-only: why'</c>.</summary>
    public const string AppendOnlyMarker = "append-only";

    public async Task<int> ApplyAsync(string ownerConnectionString, string runtimeRole, string elevatedRole, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(ownerConnectionString) { Pooling = false, CommandTimeout = 300 };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(ct);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({LockKey})", ct);
        try
        {
            await ExecuteAsync(connection, """
                CREATE SCHEMA IF NOT EXISTS omnibots_migrations;
                CREATE TABLE IF NOT EXISTS omnibots_migrations.applied (
                    schema_name text NOT NULL,
                    version int NOT NULL,
                    name text NOT NULL,
                    checksum text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (schema_name, version));
                """, ct);
            // Every file is checked before any is applied: an edited migration in a later module
            // must not let earlier modules' new migrations land first.
            var plan = new List<(ModuleMigrations Module, IReadOnlyList<MigrationScript> Pending)>();
            foreach (var module in modules)
            {
                plan.Add((module, await PendingAsync(connection, module, ct)));
            }
            var applied = 0;
            foreach (var (module, pending) in plan)
            {
                applied += await ApplyModuleAsync(connection, module, pending, ct);
                await GrantAsync(connection, module.Schema, runtimeRole, elevatedRole, ct);
            }
            return applied;
        }
        finally
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
        }
    }

    private static async Task<IReadOnlyList<MigrationScript>> PendingAsync(NpgsqlConnection connection, ModuleMigrations module, CancellationToken ct)
    {
        var recorded = await LoadRecordedAsync(connection, module.Schema, ct);
        var pending = new List<MigrationScript>();
        foreach (var script in module.Load())
        {
            if (!recorded.TryGetValue(script.Version, out var existing))
            {
                pending.Add(script);
            }
            else if (existing.Checksum != script.Checksum)
            {
                throw new MigrationException(
                    $"Migration {module.Schema}/{script.Name} was changed after it was applied " +
                    $"(recorded checksum {existing.Checksum[..12]}…, file now {script.Checksum[..12]}…). " +
                    "Applied migrations must never be edited: restore the file and add a new migration instead.");
            }
        }
        return pending;
    }

    private async Task<int> ApplyModuleAsync(NpgsqlConnection connection, ModuleMigrations module, IReadOnlyList<MigrationScript> pending, CancellationToken ct)
    {
        var applied = 0;
        foreach (var script in pending)
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await ExecuteAsync(connection, $"CREATE SCHEMA IF NOT EXISTS {module.Schema}; SET LOCAL search_path = {module.Schema}, public;", ct);
            await ExecuteAsync(connection, script.Sql, ct);
            await using (var record = new NpgsqlCommand(
                "INSERT INTO omnibots_migrations.applied (schema_name, version, name, checksum) VALUES (@s, @v, @n, @c)", connection))
            {
                record.Parameters.AddWithValue("s", module.Schema);
                record.Parameters.AddWithValue("v", script.Version);
                record.Parameters.AddWithValue("n", script.Name);
                record.Parameters.AddWithValue("c", script.Checksum);
                await record.ExecuteNonQueryAsync(ct);
            }
            await transaction.CommitAsync(ct);
            logger.LogInformation("Applied migration {Schema}/{Name}", module.Schema, script.Name);
            applied++;
        }
        return applied;
    }

    private static async Task<Dictionary<int, MigrationScript>> LoadRecordedAsync(NpgsqlConnection connection, string schema, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT version, name, checksum FROM omnibots_migrations.applied WHERE schema_name = @s", connection);
        command.Parameters.AddWithValue("s", schema);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var result = new Dictionary<int, MigrationScript>();
        while (await reader.ReadAsync(ct))
        {
            result[reader.GetInt32(0)] = new MigrationScript(reader.GetInt32(0), reader.GetString(1), "", reader.GetString(2));
        }
        return result;
    }

    // The runtime and elevated roles get data rights, never ownership: row-level security then
    // applies to the runtime role, and neither can change the schema. Tables marked elevated-only
    // are then taken back from the runtime role, so request code cannot read them even by mistake;
    // tables marked runtime-append-only keep only SELECT and INSERT for it.
    private static async Task GrantAsync(NpgsqlConnection connection, string schema, string runtimeRole, string elevatedRole, CancellationToken ct)
    {
        var runtime = PrivateCluster.PrivatePostgresCluster.Quote(runtimeRole);
        var roles = string.Join(", ", new[] { runtimeRole, elevatedRole }.Distinct().Select(PrivateCluster.PrivatePostgresCluster.Quote));
        // Marker on the table's comment → rights taken back after the blanket grant.
        (string Marker, string Revoke)[] restrictions =
        [
            (ElevatedOnlyMarker, $"REVOKE ALL ON %s FROM {runtime}"),
            (RuntimeAppendOnlyMarker, $"REVOKE UPDATE, DELETE ON %s FROM {runtime}"),
            (AppendOnlyMarker, $"REVOKE UPDATE, DELETE ON %s FROM {roles}"),
        ];
        var revokes = string.Concat(restrictions.Select(r => $"""
              FOR t IN SELECT c.oid::regclass FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                       WHERE n.nspname = '{schema}' AND c.relkind IN ('r', 'p')
                         AND obj_description(c.oid, 'pg_class') LIKE '{r.Marker}:%'
              LOOP
                EXECUTE format('{r.Revoke}', t);
              END LOOP;

            """));
        await ExecuteAsync(connection, $"""
            CREATE SCHEMA IF NOT EXISTS {schema};
            GRANT USAGE ON SCHEMA {schema} TO {roles};
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {roles};
            GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {roles};
            GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {schema} TO {roles};
            DO $$
            DECLARE t regclass;
            BEGIN
            {revokes}
            END $$;
            """, ct);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
