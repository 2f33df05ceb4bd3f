namespace OmniBots.Identity.Security;

internal sealed record GeoLocation(double Latitude, double Longitude, string? CountryIsoCode, string? City)
{
    private const double EarthRadiusMiles = 3958.8;

    /// <summary>Great-circle distance (haversine).</summary>
    public double MilesTo(GeoLocation other)
    {
        static double Radians(double degrees) => degrees * Math.PI / 180;
        var dLat = Radians(other.Latitude - Latitude);
        var dLon = Radians(other.Longitude - Longitude);
        var a = Math.Pow(Math.Sin(dLat / 2), 2) + Math.Cos(Radians(Latitude)) * Math.Cos(Radians(other.Latitude)) * Math.Pow(Math.Sin(dLon / 2), 2);
        return 2 * EarthRadiusMiles * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
