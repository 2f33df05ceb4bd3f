using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Database;
using OmniBots.Platform.Tenancy;
using OmniBots.Tenancy.Contracts;

namespace OmniBots.Identity.Tenants;

/// <summary>Tenant rows for platform staff. Reads and status changes go through the logged elevated
/// scope filtered by the caller's partner; creation writes on a connection confined to the new tenant
/// so provisioning steps can only write its rows.</summary>
internal sealed class TenantAdminStore(TenantDatabase db, PlatformDatabase database, ITenantProvisioner provisioner, IAccessChanges access)
{
    private const string Columns = "SELECT id, partner_id, name, slug, status, settings::text, created_at, updated_at FROM tenancy.tenants";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<TenantPage> ListAsync(StaffCaller caller, string? status, int offset, int limit, CancellationToken ct)
    {
        await using var connection = await db.OpenElevatedAsync("admin: list tenants", ct);
        const string Filter = " WHERE (@partner::uuid IS NULL OR partner_id = @partner) AND (@status::text IS NULL OR status = @status)";
        var parameters = new (string, object?)[] { ("partner", caller.PartnerFilter), ("status", status) };
        var items = await QueryAsync(connection, $"{Columns}{Filter} ORDER BY created_at, id OFFSET @offset LIMIT @limit", ct,
            [.. parameters, ("offset", offset), ("limit", limit)]);
        await using var count = Command(connection, $"SELECT count(*)::int FROM tenancy.tenants{Filter}", parameters);
        return new TenantPage(items, (int)(await count.ExecuteScalarAsync(ct))!, offset, limit);
    }

    /// <summary>The tenant if the caller administers it; another partner's tenant is null, like a missing one.</summary>
    public async Task<TenantView?> FindAsync(StaffCaller caller, Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenElevatedAsync("admin: read tenant", ct);
        return (await QueryAsync(connection, $"{Columns} WHERE id = @id AND (@partner::uuid IS NULL OR partner_id = @partner)", ct,
            ("id", id), ("partner", caller.PartnerFilter))).SingleOrDefault();
    }

    public async Task<bool> PartnerExistsAsync(Guid partnerId, CancellationToken ct)
    {
        await using var connection = await db.OpenElevatedAsync("admin: check partner", ct);
        await using var command = Command(connection, "SELECT EXISTS (SELECT 1 FROM tenancy.partners WHERE id = @id)", ("id", partnerId));
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Inserts the tenant and provisions it in one transaction; null when the slug is taken.</summary>
    public async Task<TenantView?> CreateAsync(Guid partnerId, string name, string slug, TenantSettings settings, CancellationToken ct)
    {
        var id = Guid.CreateVersion7();
        await using var connection = await TenantDatabase.OpenForTenantAsync(database, id, ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        TenantView tenant;
        try
        {
            tenant = (await QueryAsync(connection,
                "INSERT INTO tenancy.tenants (id, partner_id, name, slug, settings) VALUES (@id, @partner, @name, @slug, @settings) " +
                "RETURNING id, partner_id, name, slug, status, settings::text, created_at, updated_at",
                ct, ("id", id), ("partner", partnerId), ("name", name), ("slug", slug), ("settings", SettingsParameter(settings)))).Single();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return null;
        }
        await provisioner.ProvisionAsync(new TenantProvisioningRequest(id, partnerId, name, slug), connection, transaction, ct);
        await transaction.CommitAsync(ct);
        return tenant;
    }

    public async Task<TenantView?> UpdateAsync(StaffCaller caller, Guid id, string? name, TenantSettings? settings, CancellationToken ct)
    {
        await using var connection = await db.OpenElevatedAsync("admin: update tenant", ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var tenant = (await QueryAsync(connection,
            "UPDATE tenancy.tenants SET name = coalesce(@name, name), settings = coalesce(@settings, settings), updated_at = now() " +
            "WHERE id = @id AND (@partner::uuid IS NULL OR partner_id = @partner) " +
            "RETURNING id, partner_id, name, slug, status, settings::text, created_at, updated_at",
            ct, ("id", id), ("partner", caller.PartnerFilter), ("name", name),
            ("settings", settings is null ? new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = DBNull.Value } : SettingsParameter(settings)))).SingleOrDefault();
        if (tenant is not null)
        {
            // Session timeouts and password expiry are read with the tenant's access.
            await access.TenantChangedAsync(id, connection, ct);
        }
        await transaction.CommitAsync(ct);
        return tenant;
    }

    /// <summary>Moves the tenant from one of <paramref name="from"/> to <paramref name="to"/>; returns the
    /// tenant as it is afterwards (unchanged when its status was not one of <paramref name="from"/>).</summary>
    public async Task<TenantView?> SetStatusAsync(StaffCaller caller, Guid id, string[] from, string to, CancellationToken ct)
    {
        await using var connection = await db.OpenElevatedAsync($"admin: tenant {to}", ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var update = Command(connection,
            "UPDATE tenancy.tenants SET status = @to, updated_at = now() WHERE id = @id AND status = ANY(@from) AND (@partner::uuid IS NULL OR partner_id = @partner)",
            ("id", id), ("to", to), ("from", from), ("partner", caller.PartnerFilter)))
        {
            if (await update.ExecuteNonQueryAsync(ct) > 0)
            {
                await access.TenantChangedAsync(id, connection, ct);
            }
        }
        var tenant = (await QueryAsync(connection, $"{Columns} WHERE id = @id AND (@partner::uuid IS NULL OR partner_id = @partner)", ct,
            ("id", id), ("partner", caller.PartnerFilter))).SingleOrDefault();
        await transaction.CommitAsync(ct);
        return tenant;
    }

    public async Task<IReadOnlyList<Guid>> UserIdsAsync(Guid tenantId, CancellationToken ct)
    {
        await using var connection = await TenantDatabase.OpenForTenantAsync(database, tenantId, ct);
        await using var command = Command(connection, "SELECT id FROM identity.users");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var ids = new List<Guid>();
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetGuid(0));
        }
        return ids;
    }

    private static NpgsqlParameter SettingsParameter(TenantSettings settings)
        => new() { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = JsonSerializer.Serialize(settings, Json) };

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            if (value is NpgsqlParameter parameter)
            {
                parameter.ParameterName = name;
                command.Parameters.Add(parameter);
            }
            else
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }
        }
        return command;
    }

    private static async Task<IReadOnlyList<TenantView>> QueryAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var tenants = new List<TenantView>();
        while (await reader.ReadAsync(ct))
        {
            tenants.Add(new TenantView(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                JsonSerializer.Deserialize<TenantSettings>(reader.GetString(5), Json) ?? new TenantSettings(),
                reader.GetFieldValue<DateTimeOffset>(6), reader.GetFieldValue<DateTimeOffset>(7)));
        }
        return tenants;
    }
}
