namespace OmniBots.Identity.Sso;

internal static class SsoValidation
{
    /// <summary>HTTPS, or HTTP to a loopback address (development and the tests' fake provider).</summary>
    public static bool IsProviderUrl(string? value, out Uri? uri)
    {
        uri = null;
        if (value is null || value.Length > 500 || !Uri.TryCreate(value, UriKind.Absolute, out var parsed))
        {
            return false;
        }
        uri = parsed;
        return parsed.Scheme == Uri.UriSchemeHttps || (parsed.Scheme == Uri.UriSchemeHttp && parsed.IsLoopback);
    }

    public static bool IsDomain(string domain)
        => domain.Length is > 2 and <= 253 && domain.Contains('.', StringComparison.Ordinal)
           && domain.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.') && !domain.StartsWith('.') && !domain.EndsWith('.');
}
