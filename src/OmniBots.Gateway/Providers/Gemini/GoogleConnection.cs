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
        problems.AddRange(ConnectionRules.TimeoutProblems(connection));
        return problems;
    }
}
