using System.Net;
using System.Text.RegularExpressions;

namespace OmniBots.Knowledge.WebCrawl;

/// <summary>One address per page: fragment stripped, scheme and host lower case, default port dropped, a trailing
/// slash removed (except the root), so <c>/a/</c>, <c>/a</c> and <c>/a#top</c> are crawled and indexed once.</summary>
internal static partial class CanonicalUrl
{
    public static Uri Of(Uri url)
    {
        var builder = new UriBuilder(url) { Fragment = "", Host = url.Host.ToLowerInvariant(), Scheme = url.Scheme.ToLowerInvariant() };
        if (url.IsDefaultPort)
        {
            builder.Port = -1;
        }
        if (builder.Path.Length > 1 && builder.Path.EndsWith('/'))
        {
            builder.Path = builder.Path.TrimEnd('/');
        }
        return builder.Uri;
    }

    /// <summary>Same site: scheme, host and port.</summary>
    public static bool SameSite(Uri a, Uri b)
        => string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase) && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;

    /// <summary>The http(s) targets of <c>&lt;a href&gt;</c> in a page, resolved against it.</summary>
    public static IEnumerable<Uri> Links(string html, Uri page)
    {
        foreach (Match match in HrefPattern().Matches(html))
        {
            var href = WebUtility.HtmlDecode(match.Groups["url"].Value).Trim();
            if (href.Length > 0 && Uri.TryCreate(page, href, out var target) && (target.Scheme == Uri.UriSchemeHttp || target.Scheme == Uri.UriSchemeHttps))
            {
                yield return target;
            }
        }
    }

    [GeneratedRegex("""<a\s[^>]*?href\s*=\s*(?:"(?<url>[^"]*)"|'(?<url>[^']*)'|(?<url>[^\s>]+))""", RegexOptions.IgnoreCase, 1000)]
    private static partial Regex HrefPattern();
}
