using System.Globalization;
using System.Net;

namespace OmniBots.Identity.Security.GeoIp;

internal sealed record GeoIpNetwork(IPNetwork Network, double Latitude, double Longitude, string? CountryIsoCode, string? City);

internal sealed class GeoIpCsvException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>
/// Reads the GeoLite2 City CSV pair: <c>City-Blocks-IPv4</c> (network, geoname_id, …, latitude,
/// longitude, …) and <c>City-Locations</c> (geoname_id, …, country_iso_code, …, city_name, …).
/// Columns are found by their header names, so extra or reordered columns do not matter. Blocks
/// without coordinates are skipped (they cannot place anyone).
/// </summary>
internal static class GeoIpCsv
{
    public static async Task<List<GeoIpNetwork>> ReadAsync(TextReader blocks, TextReader locations, CancellationToken ct)
    {
        var places = new Dictionary<string, (string? Country, string? City)>(StringComparer.Ordinal);
        var locationHeader = Header(await locations.ReadLineAsync(ct), "locations");
        var geoname = Column(locationHeader, "geoname_id", "locations");
        var country = Column(locationHeader, "country_iso_code", "locations");
        var city = Column(locationHeader, "city_name", "locations");
        while (await locations.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }
            var fields = Split(line);
            places[Field(fields, geoname)] = (Empty(Field(fields, country)), Empty(Field(fields, city)));
        }

        var blockHeader = Header(await blocks.ReadLineAsync(ct), "blocks");
        var network = Column(blockHeader, "network", "blocks");
        var blockGeoname = Column(blockHeader, "geoname_id", "blocks");
        var latitude = Column(blockHeader, "latitude", "blocks");
        var longitude = Column(blockHeader, "longitude", "blocks");
        var result = new List<GeoIpNetwork>();
        var row = 1;
        while (await blocks.ReadLineAsync(ct) is { } line)
        {
            row++;
            if (line.Length == 0)
            {
                continue;
            }
            var fields = Split(line);
            if (!IPNetwork.TryParse(Field(fields, network), out var parsed))
            {
                throw new GeoIpCsvException("blocks", $"Row {row}: '{Field(fields, network)}' is not a network in CIDR notation.");
            }
            if (!double.TryParse(Field(fields, latitude), NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
                || !double.TryParse(Field(fields, longitude), NumberStyles.Float, CultureInfo.InvariantCulture, out var lon))
            {
                continue;
            }
            if (lat is < -90 or > 90 || lon is < -180 or > 180)
            {
                throw new GeoIpCsvException("blocks", $"Row {row}: latitude or longitude out of range.");
            }
            places.TryGetValue(Field(fields, blockGeoname), out var place);
            result.Add(new GeoIpNetwork(parsed, lat, lon, place.Country, place.City));
        }
        return result;
    }

    private static string[] Header(string? line, string file)
        => line is null ? throw new GeoIpCsvException(file, "The file is empty.") : Split(line);

    private static int Column(string[] header, string name, string file)
    {
        var index = Array.FindIndex(header, h => string.Equals(h.Trim(), name, StringComparison.OrdinalIgnoreCase));
        return index >= 0 ? index : throw new GeoIpCsvException(file, $"The header has no '{name}' column.");
    }

    private static string Field(string[] fields, int index) => index < fields.Length ? fields[index] : "";

    private static string? Empty(string value) => value.Length == 0 ? null : value;

    /// <summary>RFC 4180 fields on one line (GeoLite2 quotes city names with commas; no field spans lines).</summary>
    private static string[] Split(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }
        fields.Add(current.ToString());
        return fields.ToArray();
    }
}
