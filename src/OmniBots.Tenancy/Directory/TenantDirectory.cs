using System.Text.Json;
using Npgsql;
using OmniBots.Platform.Tenancy;
using OmniBots.Tenancy.Contracts;

namespace OmniBots.Tenancy.Directory;

internal sealed class TenantDirectory(TenantDatabase database, ITenantContext tenant) : ITenantDirectory
{
    private const string Columns = "SELECT id, partner_id, name, slug, status, settings FROM tenancy.tenants";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<TenantInfo?> FindCurrentAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await ReadAsync(connection, "id", tenant.TenantId!.Value, ct);
    }

    public async Task<TenantInfo?> FindAsync(Guid tenantId, string reason, CancellationToken ct)
    {
        await using var connection = await database.OpenElevatedAsync(reason, ct);
        return await ReadAsync(connection, "id", tenantId, ct);
    }

    public async Task<TenantInfo?> FindBySlugAsync(string slug, string reason, CancellationToken ct)
    {
        await using var connection = await database.OpenElevatedAsync(reason, ct);
        return await ReadAsync(connection, "slug", slug, ct);
    }

    // The column is one of two constants above, never caller input.
    private static async Task<TenantInfo?> ReadAsync(NpgsqlConnection connection, string column, object value, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"{Columns} WHERE {column} = @value", connection);
        command.Parameters.AddWithValue("value", value);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }
        return new TenantInfo(
            reader.GetGuid(0),
            reader.GetGuid(1),
            reader.GetString(2),
            reader.GetString(3),
            Enum.Parse<TenantStatus>(reader.GetString(4), ignoreCase: true),
            JsonSerializer.Deserialize<TenantSettings>(reader.GetString(5), Json) ?? new TenantSettings());
    }
}
