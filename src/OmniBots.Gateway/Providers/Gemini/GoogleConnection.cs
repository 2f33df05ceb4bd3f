namespace OmniBots.Gateway.Providers.Gemini;

/// <summary>Checks and helpers both Google factories share.</summary>
internal static class GoogleConnection
{
    public static List<string> CommonProblems(ProviderConnection connection)
    {
        var problems = new List<string>();
        if (connection.BaseUrl is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("https" or "http")))
        {
            problems.Add($"base_url '{url}' must be an absolute http(s) URL");
        }
        if (connection.Timeouts.FirstByte <= TimeSpan.Zero)
        {
            problems.Add("timeouts.first_byte must be positive");
        }
        if (connection.Timeouts.Total <= TimeSpan.Zero)
        {
            problems.Add("timeouts.total must be positive");
        }
        return problems;
    }

    public static void ThrowIfInvalid(IReadOnlyList<string> problems, string provider)
    {
        if (problems.Count > 0)
        {
            throw new ArgumentException($"The {provider} connection is not usable: " + string.Join("; ", problems));
        }
    }

    /// <summary>Relative paths resolve under the base only when it ends with '/'.</summary>
    public static Uri WithTrailingSlash(Uri url) => url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
}
