using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging;
using Npgsql;
using OmniBots.Platform.Database;

namespace OmniBots.Platform.Secrets;

/// <summary>
/// Keeps the Data Protection key ring in <c>platform.data_protection_keys</c>, so every replica reads
/// and extends the same ring. Data Protection calls it rarely (at start, when a key nears expiry,
/// when a payload names an unknown key) and synchronously, so it uses Npgsql's synchronous API.
/// </summary>
internal sealed class PostgresXmlRepository(PlatformDatabase database, TimeProvider time, ILogger<PostgresXmlRepository> logger) : IXmlRepository
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(2);

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = Open();
        using var command = new NpgsqlCommand("SELECT xml FROM platform.data_protection_keys ORDER BY id", connection);
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }
        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var connection = Open();
        using var command = new NpgsqlCommand(
            "INSERT INTO platform.data_protection_keys (friendly_name, xml, created_at) VALUES (@name, @xml, @at)", connection);
        command.Parameters.AddWithValue("name", friendlyName);
        command.Parameters.AddWithValue("xml", element.ToString(SaveOptions.DisableFormatting));
        command.Parameters.AddWithValue("at", time.GetUtcNow());
        command.ExecuteNonQuery();
        logger.LogInformation("Stored data protection key ring element {FriendlyName}", friendlyName);
    }

    // The table is platform-wide, so the elevated pool; it is not a tenant-data escape hatch, so the
    // audited TenantDatabase.OpenElevatedAsync (one log line per use) would only add noise.
    private NpgsqlConnection Open()
    {
        // The database is set up by a hosted service at start-up; Data Protection may ask for the key
        // ring before that finishes (its own hosted service preloads it). IXmlRepository is
        // synchronous, so wait here; the host has no synchronisation context to deadlock on.
        database.Ready.WaitAsync(ReadyTimeout).GetAwaiter().GetResult();
        return database.Elevated.OpenConnection();
    }
}
