namespace OmniBots.Knowledge.Sources;

/// <summary>Every problem of a source at once, keyed by the JSON path of the bad field.</summary>
internal static class SourceValidation
{
    public const int MinIntervalMinutes = 15;
    public const int MaxIntervalMinutes = 525600;
    public const int DefaultIntervalMinutes = 1440;
    private const int MaxPagesLimit = 10_000;
    private const int MaxDepthLimit = 10;

    public static void CheckName(string? name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200)
        {
            errors["name"] = ["A name of 1 to 200 characters is required."];
        }
    }

    public static void CheckInterval(int? minutes, Dictionary<string, string[]> errors)
    {
        if (minutes is { } value && value is < MinIntervalMinutes or > MaxIntervalMinutes)
        {
            errors["syncIntervalMinutes"] = [$"Between {MinIntervalMinutes} minutes and a year ({MaxIntervalMinutes})."];
        }
    }

    /// <param name="hasStoredCredentials">On update without new credentials, the stored ones count.</param>
    public static void CheckSettings(string type, SourceSettings settings, SourceCredentials? credentials, bool hasStoredCredentials, Dictionary<string, string[]> errors)
    {
        if (settings.MaxFileSizeBytes is { } max && max is < 1 or > 1024L * 1024 * 1024)
        {
            errors["settings.maxFileSizeBytes"] = ["Between 1 byte and 1 GiB."];
        }
        CheckGlobs("settings.include", settings.Include, errors);
        CheckGlobs("settings.exclude", settings.Exclude, errors);
        var creds = credentials ?? new SourceCredentials();
        var checkCredentials = credentials is not null || !hasStoredCredentials;
        switch (type)
        {
            case SourceTypes.S3:
                Require("settings.bucket", settings.Bucket, errors);
                OptionalUrl("settings.endpointUrl", settings.EndpointUrl, errors);
                if (checkCredentials && (string.IsNullOrEmpty(creds.AccessKeyId) || string.IsNullOrEmpty(creds.SecretAccessKey)))
                {
                    errors["credentials"] = ["S3 needs accessKeyId and secretAccessKey."];
                }
                break;
            case SourceTypes.AzureBlob:
                Require("settings.container", settings.Container, errors);
                OptionalUrl("settings.accountUrl", settings.AccountUrl, errors);
                if (checkCredentials && string.IsNullOrEmpty(creds.ConnectionString) && string.IsNullOrEmpty(creds.SasToken))
                {
                    errors["credentials"] = ["Azure Blob needs a connectionString or a sasToken."];
                }
                else if (checkCredentials && string.IsNullOrEmpty(creds.ConnectionString) && string.IsNullOrEmpty(settings.AccountUrl))
                {
                    errors["settings.accountUrl"] = ["With a SAS token, the account URL (https://<account>.blob.core.windows.net) is required."];
                }
                break;
            case SourceTypes.SharePoint or SourceTypes.OneDrive:
                Require("settings.directoryTenantId", settings.DirectoryTenantId, errors);
                Require("settings.clientId", settings.ClientId, errors);
                if (type == SourceTypes.SharePoint && string.IsNullOrEmpty(settings.SiteId) && string.IsNullOrEmpty(settings.DriveId))
                {
                    errors["settings.siteId"] = ["A SharePoint source needs siteId (or driveId)."];
                }
                if (type == SourceTypes.OneDrive)
                {
                    Require("settings.driveId", settings.DriveId, errors);
                }
                OptionalUrl("settings.graphUrl", settings.GraphUrl, errors);
                OptionalUrl("settings.authorityUrl", settings.AuthorityUrl, errors);
                if (checkCredentials && string.IsNullOrEmpty(creds.ClientSecret))
                {
                    errors["credentials"] = ["Microsoft Graph needs the app registration's clientSecret."];
                }
                break;
            case SourceTypes.GoogleDrive:
                Require("settings.rootFolder", settings.RootFolder, errors);
                OptionalUrl("settings.googleApiUrl", settings.GoogleApiUrl, errors);
                OptionalUrl("settings.googleTokenUrl", settings.GoogleTokenUrl, errors);
                if (checkCredentials && (string.IsNullOrEmpty(creds.RefreshToken) || string.IsNullOrEmpty(creds.GoogleClientId) || string.IsNullOrEmpty(creds.GoogleClientSecret)))
                {
                    errors["credentials"] = ["Google Drive needs googleClientId, googleClientSecret and refreshToken."];
                }
                break;
            case SourceTypes.Web:
                CheckUrls("settings.startUrls", settings.StartUrls, errors);
                if (settings.MaxDepth is { } depth && depth is < 0 or > MaxDepthLimit)
                {
                    errors["settings.maxDepth"] = [$"Between 0 and {MaxDepthLimit}."];
                }
                if (settings.MaxPages is { } pages && pages is < 1 or > MaxPagesLimit)
                {
                    errors["settings.maxPages"] = [$"Between 1 and {MaxPagesLimit}."];
                }
                break;
            case SourceTypes.FileUrl:
                CheckUrls("settings.urls", settings.Urls, errors);
                break;
        }
    }

    private static void Require(string field, string? value, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = ["Required for this source type."];
        }
    }

    private static void OptionalUrl(string field, string? value, Dictionary<string, string[]> errors)
    {
        if (value is not null && !IsHttpUrl(value))
        {
            errors[field] = ["An absolute http(s) URL."];
        }
    }

    private static void CheckUrls(string field, IReadOnlyList<string>? urls, Dictionary<string, string[]> errors)
    {
        if (urls is null || urls.Count is 0 or > 100)
        {
            errors[field] = ["1 to 100 absolute http(s) URLs."];
            return;
        }
        var bad = urls.Where(url => !IsHttpUrl(url)).ToArray();
        if (bad.Length > 0)
        {
            errors[field] = [$"Not absolute http(s) URLs: {string.Join(", ", bad)}."];
        }
    }

    private static void CheckGlobs(string field, IReadOnlyList<string>? globs, Dictionary<string, string[]> errors)
    {
        if (globs is { } list && (list.Count > 50 || list.Any(glob => string.IsNullOrWhiteSpace(glob) || glob.Length > 200)))
        {
            errors[field] = ["Up to 50 non-empty glob patterns of at most 200 characters."];
        }
    }

    private static bool IsHttpUrl(string value)
        => Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
