namespace OmniBots.Gateway.Providers;

/// <summary>Checks and accessors shared by adapter factories; problems name the field as the admin API shows it.</summary>
internal static class ConnectionRules
{
    /// <summary>A credential or setting with a non-blank value, else null.</summary>
    public static string? Value(IReadOnlyDictionary<string, string> values, string key) =>
        values.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    public static List<string> Common(ProviderConnection connection, string provider, bool baseUrlRequired)
    {
        var problems = new List<string>();
        if (connection.Provider != provider)
        {
            problems.Add($"provider must be '{provider}' for this adapter, not '{connection.Provider}'");
        }
        if (connection.BaseUrl is null)
        {
            if (baseUrlRequired)
            {
                problems.Add("base_url is required");
            }
        }
        else if (!connection.BaseUrl.IsAbsoluteUri || connection.BaseUrl.Scheme is not ("http" or "https"))
        {
            problems.Add("base_url must be an absolute http or https URL");
        }
        problems.AddRange(TimeoutProblems(connection));
        return problems;
    }

    /// <summary>Every adapter needs both deadlines of <see cref="CallDeadlines"/> to be positive.</summary>
    public static IEnumerable<string> TimeoutProblems(ProviderConnection connection)
    {
        if (connection.Timeouts.FirstByte <= TimeSpan.Zero)
        {
            yield return "timeouts.first_byte must be positive";
        }
        if (connection.Timeouts.Total <= TimeSpan.Zero)
        {
            yield return "timeouts.total must be positive";
        }
    }

    /// <summary>Relative paths resolve under the base URL only when it ends with a slash ("…/v1" would drop "v1").</summary>
    public static Uri AsDirectory(Uri baseUrl) =>
        baseUrl.AbsolutePath.EndsWith('/') ? baseUrl : new UriBuilder(baseUrl) { Path = baseUrl.AbsolutePath + "/" }.Uri;

    public static void ThrowIfInvalid(IProviderAdapterFactory factory, ProviderConnection connection)
    {
        var problems = factory.Validate(connection);
        if (problems.Count > 0)
        {
            throw new ArgumentException($"The {factory.Provider} connection is not usable: {string.Join("; ", problems)}.", nameof(connection));
        }
    }
}
