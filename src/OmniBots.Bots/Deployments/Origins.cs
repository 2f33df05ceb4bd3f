namespace OmniBots.Bots.Deployments;

/// <summary>
/// Allowed origins of a widget deployment, as browsers send them in <c>Origin</c>: <c>scheme://host[:port]</c>,
/// http or https, no path, query, fragment or credentials. Stored normalised (lower case, default port dropped)
/// so the widget endpoint compares by equality. <c>*</c> is refused: allowing every site is the explicit
/// <c>allowAnyOrigin</c> flag, so it is never set by accident.
/// </summary>
internal static class Origins
{
    public const int MaxOrigins = 50;

    public static (string? Origin, string? Error) Normalize(string? value)
    {
        var text = value?.Trim() ?? "";
        if (text.Contains('*', StringComparison.Ordinal))
        {
            return (null, $"'{text}': wildcards are not allowed; set allowAnyOrigin to true to accept every origin.");
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            return (null, $"'{text}' is not an origin: expected scheme://host[:port] with http or https.");
        }
        if (uri.UserInfo.Length > 0 || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || text.EndsWith('/')
            || text.Contains('?', StringComparison.Ordinal) || text.Contains('#', StringComparison.Ordinal))
        {
            return (null, $"'{text}' is not an origin: no path, query, fragment, credentials or trailing slash (scheme://host[:port]).");
        }
        var origin = uri.IsDefaultPort ? $"{uri.Scheme}://{uri.IdnHost}" : $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}";
        return (origin.ToLowerInvariant(), null);
    }
}
