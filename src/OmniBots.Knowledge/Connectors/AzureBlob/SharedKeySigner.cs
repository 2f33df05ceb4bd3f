using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OmniBots.Knowledge.Connectors.AzureBlob;

/// <summary>
/// Azure Storage Shared Key authorisation (learn.microsoft.com "Authorize with Shared Key", Blob service, version
/// 2009-09-19 and later): HMAC-SHA256 with the account key over the verb, the standard headers, the canonicalized
/// <c>x-ms-</c> headers and the canonicalized resource (<c>/account/path</c>, then each query parameter on its own line,
/// lower-case names, sorted).
/// </summary>
internal static class SharedKeySigner
{
    private static readonly string[] StandardHeaders =
        ["Content-Encoding", "Content-Language", "Content-Length", "Content-MD5", "Content-Type", "Date",
         "If-Modified-Since", "If-Match", "If-None-Match", "If-Unmodified-Since", "Range"];

    public static void Sign(HttpRequestMessage request, string account, byte[] key)
    {
        var signature = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(StringToSign(request, account))));
        request.Headers.TryAddWithoutValidation("Authorization", $"SharedKey {account}:{signature}");
    }

    public static string StringToSign(HttpRequestMessage request, string account)
    {
        var builder = new StringBuilder(request.Method.Method).Append('\n');
        foreach (var name in StandardHeaders)
        {
            var value = Header(request, name);
            // Version 2015-02-21 and later: a zero Content-Length is signed as empty.
            builder.Append(name == "Content-Length" && value == "0" ? "" : value).Append('\n');
        }
        var msHeaders = request.Headers.Where(h => h.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            .Select(h => (Name: h.Key.ToLowerInvariant(), Value: string.Join(",", h.Value).Trim()))
            .OrderBy(h => h.Name, StringComparer.Ordinal);
        foreach (var (name, value) in msHeaders)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }
        var uri = request.RequestUri!;
        builder.Append('/').Append(account).Append(uri.AbsolutePath);
        var parameters = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .GroupBy(pair => Uri.UnescapeDataString(pair[0]).ToLowerInvariant(), pair => pair.Length > 1 ? Uri.UnescapeDataString(pair[1].Replace('+', ' ')) : "")
            .OrderBy(group => group.Key, StringComparer.Ordinal);
        foreach (var group in parameters)
        {
            builder.Append('\n').Append(group.Key).Append(':').Append(string.Join(",", group.Order(StringComparer.Ordinal)));
        }
        return builder.ToString();
    }

    public static string Now(DateTimeOffset now) => now.UtcDateTime.ToString("R", CultureInfo.InvariantCulture);

    private static string Header(HttpRequestMessage request, string name)
    {
        if (request.Headers.TryGetValues(name, out var values))
        {
            return string.Join(",", values);
        }
        return request.Content is not null && request.Content.Headers.TryGetValues(name, out var contentValues) ? string.Join(",", contentValues) : "";
    }
}
