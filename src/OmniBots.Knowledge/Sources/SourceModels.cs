using System.Text.Json.Serialization;

namespace OmniBots.Knowledge.Sources;

internal static class SourceTypes
{
    public const string Web = "web";
    public const string S3 = "s3";
    public const string AzureBlob = "azure-blob";
    public const string SharePoint = "sharepoint";
    public const string OneDrive = "onedrive";
    public const string GoogleDrive = "google-drive";
    public const string FileUrl = "file-url";

    public static readonly IReadOnlyList<string> All = [Web, S3, AzureBlob, SharePoint, OneDrive, GoogleDrive, FileUrl];
}

/// <summary>
/// A source's non-secret settings, stored as jsonb. Common: <see cref="RootFolder"/> (prefix, folder path or folder id),
/// include/exclude globs on the file's path, the size limit. The rest belongs to one type each.
/// </summary>
internal sealed record SourceSettings
{
    public const long DefaultMaxFileSizeBytes = 50L * 1024 * 1024;

    public string? RootFolder { get; init; }
    public IReadOnlyList<string>? Include { get; init; }
    public IReadOnlyList<string>? Exclude { get; init; }
    public long? MaxFileSizeBytes { get; init; }

    // s3
    public string? Bucket { get; init; }
    public string? Region { get; init; }
    public string? EndpointUrl { get; init; }

    // azure-blob (the account comes from the connection string, or from AccountUrl with a SAS token)
    public string? Container { get; init; }
    public string? AccountUrl { get; init; }

    // sharepoint / onedrive (Microsoft Graph, client credentials)
    public string? DirectoryTenantId { get; init; }
    public string? ClientId { get; init; }
    public string? SiteId { get; init; }
    public string? DriveId { get; init; }
    public string? GraphUrl { get; init; }
    public string? AuthorityUrl { get; init; }

    // google-drive
    public string? GoogleApiUrl { get; init; }
    public string? GoogleTokenUrl { get; init; }

    // web / file-url
    public IReadOnlyList<string>? StartUrls { get; init; }
    public IReadOnlyList<string>? Urls { get; init; }
    public int? MaxDepth { get; init; }
    public int? MaxPages { get; init; }

    [JsonIgnore]
    public long EffectiveMaxFileSize => MaxFileSizeBytes ?? DefaultMaxFileSizeBytes;
}

/// <summary>A source's secrets: written through the API, never returned, stored protected. Which ones a type needs is in <see cref="SourceValidation"/>.</summary>
internal sealed record SourceCredentials
{
    public string? AccessKeyId { get; init; }
    public string? SecretAccessKey { get; init; }
    public string? ConnectionString { get; init; }
    public string? SasToken { get; init; }
    public string? ClientSecret { get; init; }
    public string? RefreshToken { get; init; }
    public string? GoogleClientId { get; init; }
    public string? GoogleClientSecret { get; init; }
}

internal sealed record SyncCounts(int Added, int Updated, int Unchanged, int Skipped, int Removed, int Failed);

internal sealed record SourceView(
    Guid Id,
    Guid KnowledgeBaseId,
    string Type,
    string Name,
    SourceSettings Settings,
    bool HasCredentials,
    int SyncIntervalMinutes,
    bool Enabled,
    string Status,
    DateTimeOffset? LastSyncStartedAt,
    DateTimeOffset? LastSyncFinishedAt,
    SyncCounts? LastSyncCounts,
    string? LastError,
    DateTimeOffset NextSyncAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

internal sealed record CreateSourceRequest(
    string? Type, string? Name, SourceSettings? Settings, SourceCredentials? Credentials, int? SyncIntervalMinutes, bool? Enabled);

/// <summary>Null fields are left as they are; <see cref="Credentials"/> replaces the stored ones as a whole.</summary>
internal sealed record UpdateSourceRequest(
    string? Name, SourceSettings? Settings, SourceCredentials? Credentials, int? SyncIntervalMinutes, bool? Enabled);
