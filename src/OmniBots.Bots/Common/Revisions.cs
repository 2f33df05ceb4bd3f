using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace OmniBots.Bots.Common;

/// <summary>Optimistic concurrency by ETag: an editable row's ETag is <c>"r&lt;revision&gt;"</c>; saves send it back in If-Match.</summary>
internal static class Revisions
{
    /// <summary>The revision in <c>If-Match: "r12"</c>; null when absent or not one of our ETags.</summary>
    public static int? FromIfMatch(HttpContext http)
    {
        var value = http.Request.Headers.IfMatch.ToString().Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }
        return value.Length > 3 && value.StartsWith("\"r", StringComparison.Ordinal) && value.EndsWith('"')
            && int.TryParse(value[2..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            ? revision : null;
    }
}
