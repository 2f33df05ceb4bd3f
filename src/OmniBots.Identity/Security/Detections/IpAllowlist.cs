using System.Net;

namespace OmniBots.Identity.Security.Detections;

internal static class IpAllowlist
{
    /// <summary>An empty list allows every address; otherwise an unknown address is outside.</summary>
    public static bool Allows(IReadOnlyList<string> ranges, IPAddress? ip)
    {
        if (ranges.Count == 0)
        {
            return true;
        }
        if (ip is null)
        {
            return false;
        }
        var address = ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;
        foreach (var range in ranges)
        {
            // Tenancy validates the ranges when they are saved; one that does not parse allows nothing.
            if (IPNetwork.TryParse(range, out var network) && network.Contains(address))
            {
                return true;
            }
        }
        return false;
    }
}
