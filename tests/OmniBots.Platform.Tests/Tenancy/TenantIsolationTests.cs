using Npgsql;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Platform.Tests.Tenancy;

/// <summary>
/// TEN-3 in the database: for every table with a tenant_id column, whichever module added it,
/// tenant A's scope cannot read, change or create tenant B's rows, even with raw SQL.
/// </summary>
public sealed class TenantIsolationTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private static readonly Guid TenantA = Guid.NewGuid();
    private static readonly Guid TenantB = Guid.NewGuid();

    [Fact]
    public async Task EveryTenantOwnedTable_HasForcedRowLevelSecurityWithAPolicy()
    {
        var tables = await DiscoverAsync();
        Assert.NotEmpty(tables);
        var unprotected = tables.Where(t => !t.RowSecurity || !t.Forced || t.Policies == 0).Select(t => t.ToString()).ToArray();
        Assert.True(unprotected.Length == 0,
            $"Tables with tenant_id but without ENABLE + FORCE ROW LEVEL SECURITY and a policy: {string.Join(", ", unprotected)}. " +
            "Call SELECT platform.enable_tenant_isolation('schema.table') in the migration.");
    }

    [Fact]
    public async Task EveryModuleTable_IsTenantIsolatedOrDeclaredPlatformData()
    {
        await using var connection = await fixture.Database.OpenSuperuserAsync();
        await using var command = new NpgsqlCommand("""
            SELECT n.nspname || '.' || c.relname
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'm')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'omnibots_migrations', 'public')
              AND n.nspname NOT LIKE 'pg_%'
              AND NOT (c.relkind <> 'm' AND c.relrowsecurity AND c.relforcerowsecurity
                       AND EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid))
              AND coalesce(obj_description(c.oid, 'pg_class'), '') !~ '^(platform:|elevated-only)'
            ORDER BY 1
            """, connection);
        var undeclared = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                undeclared.Add(reader.GetString(0));
            }
        }
        Assert.True(undeclared.Count == 0,
            $"Tables that are neither tenant-isolated (forced RLS with a policy) nor declared platform data: {string.Join(", ", undeclared)}. " +
            "Call platform.enable_tenant_isolation('schema.table'), or COMMENT ON TABLE … IS 'platform: why' / 'elevated-only: why'.");
    }

    [Fact]
    public async Task InTenantAScope_TenantBRowsAreInvisibleAndUntouchable_OnEveryTable()
    {
        var tables = await DiscoverAsync();
        Assert.NotEmpty(tables);
        foreach (var table in tables)
        {
            await SeedRowForTenantBAsync(table);

            await using var asA = await fixture.Database.OpenAsTenantAsync(TenantA);
            Assert.True(await CountAsync(asA, $"SELECT count(*) FROM {table.QualifiedName}") == 0, $"{table}: tenant A sees tenant B's rows");
            Assert.True(await CountAsync(asA, $"SELECT count(*) FROM {table.QualifiedName} WHERE tenant_id = '{TenantB}'") == 0,
                $"{table}: tenant A finds tenant B's rows by tenant_id");
            Assert.True(await ChangedOrRefusedAsync(asA, $"UPDATE {table.QualifiedName} SET tenant_id = tenant_id") == 0, $"{table}: tenant A updates B's rows");
            Assert.True(await ChangedOrRefusedAsync(asA, $"DELETE FROM {table.QualifiedName}") == 0, $"{table}: tenant A deletes B's rows");

            await using var asB = await fixture.Database.OpenAsTenantAsync(TenantB);
            Assert.True(await CountAsync(asB, $"SELECT count(*) FROM {table.QualifiedName}") >= 1, $"{table}: tenant B cannot see its own row");

            await using var noTenant = await fixture.Database.OpenAsTenantAsync(null);
            Assert.True(await CountAsync(noTenant, $"SELECT count(*) FROM {table.QualifiedName}") == 0, $"{table}: a scope without tenant sees rows");
        }
    }

    [Fact]
    public async Task InTenantAScope_WritingARowForTenantB_IsRefused_OnEveryTable()
    {
        foreach (var table in await DiscoverAsync())
        {
            await using var superuser = await fixture.Database.OpenSuperuserAsync();
            var insert = await SyntheticRows.InsertSqlAsync(superuser, table);
            await using var asA = await fixture.Database.OpenAsTenantAsync(TenantA);
            await using var command = new NpgsqlCommand(insert, asA);
            command.Parameters.AddWithValue("tenant", TenantB);
            var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.True(error.SqlState == PostgresErrorCodes.InsufficientPrivilege, $"{table}: expected an RLS refusal, got {error.SqlState} {error.MessageText}");
        }
    }

    [Fact]
    public async Task RuntimeRole_IsNotSuperuser_CannotBypassRls_AndOwnsNothing()
    {
        await using var runtime = await fixture.Database.OpenAsTenantAsync(null);
        await using var command = new NpgsqlCommand("""
            SELECT r.rolsuper, r.rolbypassrls, (SELECT count(*) FROM pg_class c WHERE c.relowner = r.oid)
            FROM pg_roles r WHERE r.rolname = current_user
            """, runtime);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.False(reader.GetBoolean(0));
        Assert.False(reader.GetBoolean(1));
        Assert.Equal(0, reader.GetInt64(2));
    }

    [Fact]
    public async Task TenantSetting_DoesNotLeakToTheNextBorrowerOfAPooledConnection()
    {
        var table = (await DiscoverAsync())[0];
        await SeedRowForTenantBAsync(table);
        var dataSource = NpgsqlDataSource.Create(fixture.Database.RuntimeConnectionString + ";Maximum Pool Size=1");
        await using (dataSource)
        {
            await using (var first = await dataSource.OpenConnectionAsync())
            {
                await using var set = new NpgsqlCommand($"SELECT set_config('app.tenant_id', '{TenantB}', false)", first);
                await set.ExecuteNonQueryAsync();
                Assert.True(await CountAsync(first, $"SELECT count(*) FROM {table.QualifiedName}") >= 1);
            }
            await using var second = await dataSource.OpenConnectionAsync();
            Assert.Equal(0, await CountAsync(second, $"SELECT count(*) FROM {table.QualifiedName}"));
        }
    }

    private async Task<IReadOnlyList<TenantOwnedTable>> DiscoverAsync()
    {
        await using var connection = await fixture.Database.OpenSuperuserAsync();
        return await TenantOwnedTable.DiscoverAsync(connection);
    }

    private async Task SeedRowForTenantBAsync(TenantOwnedTable table)
    {
        await using var superuser = await fixture.Database.OpenSuperuserAsync();
        var insert = await SyntheticRows.InsertSqlAsync(superuser, table);
        await using var transaction = await superuser.BeginTransactionAsync();
        await using (var replica = new NpgsqlCommand("SET LOCAL session_replication_role = replica", superuser, transaction))
        {
            await replica.ExecuteNonQueryAsync();
        }
        await using (var command = new NpgsqlCommand(insert, superuser, transaction))
        {
            command.Parameters.AddWithValue("tenant", TenantB);
            await command.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    // Rows changed; 0 also when the runtime role may not change the table at all (runtime-append-only).
    private static async Task<int> ChangedOrRefusedAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        try
        {
            return await command.ExecuteNonQueryAsync();
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            return 0;
        }
    }
}
