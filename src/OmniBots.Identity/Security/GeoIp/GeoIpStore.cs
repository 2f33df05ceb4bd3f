using System.Net;
using Npgsql;
using NpgsqlTypes;
using OmniBots.Platform.Database;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Identity.Security.GeoIp;

/// <summary><c>identity.geoip_networks</c>: platform reference data; the runtime role reads it, imports replace it whole.</summary>
internal sealed class GeoIpStore(PlatformDatabase database, TenantDatabase tenantDatabase)
{
    /// <summary>The most specific network holding the address (longest prefix, GiST <c>inet_ops</c> index).</summary>
    public async Task<GeoLocation?> LookupAsync(IPAddress? ip, CancellationToken ct)
    {
        if (ip is null)
        {
            return null;
        }
        await using var connection = await database.Runtime.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand("""
            SELECT latitude, longitude, country_iso_code, city_name FROM identity.geoip_networks
            WHERE network >>= @ip ORDER BY masklen(network) DESC LIMIT 1
            """, connection);
        command.Parameters.AddWithValue("ip", NpgsqlDbType.Inet, ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new GeoLocation(reader.GetDouble(0), reader.GetDouble(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3))
            : null;
    }

    public async Task<bool> IsEmptyAsync(CancellationToken ct)
    {
        await using var connection = await database.Runtime.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand("SELECT NOT EXISTS (SELECT 1 FROM identity.geoip_networks)", connection);
        return await command.ExecuteScalarAsync(ct) is true;
    }

    /// <summary>Replaces the table in one transaction (binary COPY), so lookups see the old or the new data, never half.</summary>
    public async Task<int> ReplaceAsync(IReadOnlyList<GeoIpNetwork> networks, CancellationToken ct)
    {
        await using var connection = await tenantDatabase.OpenElevatedAsync("geoip import", ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var delete = new NpgsqlCommand("DELETE FROM identity.geoip_networks", connection, transaction))
        {
            await delete.ExecuteNonQueryAsync(ct);
        }
        // A duplicate network in the file keeps its last row instead of failing the primary key.
        var unique = networks.GroupBy(n => n.Network).Select(g => g.Last()).ToList();
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY identity.geoip_networks (network, latitude, longitude, country_iso_code, city_name) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var n in unique)
            {
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(n.Network, NpgsqlDbType.Cidr, ct);
                await writer.WriteAsync(n.Latitude, NpgsqlDbType.Double, ct);
                await writer.WriteAsync(n.Longitude, NpgsqlDbType.Double, ct);
                await WriteTextAsync(writer, n.CountryIsoCode, ct);
                await WriteTextAsync(writer, n.City, ct);
            }
            await writer.CompleteAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return unique.Count;
    }

    private static Task WriteTextAsync(NpgsqlBinaryImporter writer, string? value, CancellationToken ct)
        => value is null ? writer.WriteNullAsync(ct) : writer.WriteAsync(value, NpgsqlDbType.Text, ct);
}
