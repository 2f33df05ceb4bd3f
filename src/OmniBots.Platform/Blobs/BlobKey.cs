using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace OmniBots.Platform.Blobs;

/// <summary>
/// Where a blob lives. Keys are only made by <see cref="ForTenant"/> (under <c>tenants/{id}/</c>) or
/// <see cref="ForPlatform"/> (under <c>platform/</c>), from a relative path that
/// <see cref="BlobPath"/> has checked: no <c>..</c> or <c>.</c> segments, no absolute paths, no
/// backslashes, no control characters. So a caller that builds a path from user input cannot land
/// in another tenant's folder, on disk or in a bucket.
/// </summary>
public sealed record BlobKey
{
    internal const string TenantsRoot = "tenants/";
    internal const string PlatformRoot = "platform/";

    private BlobKey(string value) => Value = value;

    /// <summary>The full key, e.g. <c>tenants/3f2a…/kb/doc1.pdf</c>.</summary>
    public string Value { get; }

    /// <summary>The owning tenant, or <c>null</c> for platform blobs.</summary>
    public Guid? TenantId => TrySplitTenant(Value, out var tenant, out _) ? tenant : null;

    /// <summary>The path below the tenant or platform root.</summary>
    public string Path => TrySplitTenant(Value, out _, out var rest) ? rest
        : Value.StartsWith(PlatformRoot, StringComparison.Ordinal) ? Value[PlatformRoot.Length..] : Value;

    public static BlobKey ForTenant(Guid tenantId, string path)
        => TryForTenant(tenantId, path, out var key, out var error) ? key : throw new ArgumentException(error, nameof(path));

    /// <summary>As <see cref="ForTenant"/>, reporting a bad path (for example an uploaded file name) as a value.</summary>
    public static bool TryForTenant(Guid tenantId, string path, [NotNullWhen(true)] out BlobKey? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        if (tenantId == Guid.Empty)
        {
            error = "A blob key needs a tenant id; Guid.Empty is not one.";
            return false;
        }
        error = BlobPath.Check(path, isPrefix: false);
        if (error is null)
        {
            key = new BlobKey(TenantRoot(tenantId) + path);
        }
        return error is null;
    }

    /// <summary>A blob that belongs to no tenant (platform-wide data).</summary>
    public static BlobKey ForPlatform(string path)
        => BlobPath.Check(path, isPrefix: false) is { } error ? throw new ArgumentException(error, nameof(path)) : new BlobKey(PlatformRoot + path);

    /// <summary>A key read back from a store (listings), kept as the store spelled it.</summary>
    internal static BlobKey FromStore(string value) => new(value);

    internal static string TenantRoot(Guid tenantId) => TenantsRoot + tenantId.ToString("D", CultureInfo.InvariantCulture) + "/";

    private static bool TrySplitTenant(string value, out Guid tenantId, out string rest)
    {
        tenantId = Guid.Empty;
        rest = "";
        const int guidLength = 36;
        var end = TenantsRoot.Length + guidLength;
        if (value.Length <= end || !value.StartsWith(TenantsRoot, StringComparison.Ordinal) || value[end] != '/'
            || !Guid.TryParseExact(value.AsSpan(TenantsRoot.Length, guidLength), "D", out tenantId))
        {
            return false;
        }
        rest = value[(end + 1)..];
        return true;
    }

    public override string ToString() => Value;
}

/// <summary>The start of keys to list, made like <see cref="BlobKey"/>; the path may be empty
/// (everything of the tenant), end with <c>/</c> (a folder) or stop inside a name.</summary>
public sealed record BlobPrefix
{
    private BlobPrefix(string value) => Value = value;

    public string Value { get; }

    public static BlobPrefix ForTenant(Guid tenantId, string path = "")
    {
        if (tenantId == Guid.Empty)
        {
            throw new ArgumentException("A blob prefix needs a tenant id; Guid.Empty is not one.", nameof(tenantId));
        }
        return BlobPath.Check(path, isPrefix: true) is { } error
            ? throw new ArgumentException(error, nameof(path))
            : new BlobPrefix(BlobKey.TenantRoot(tenantId) + path);
    }

    public static BlobPrefix ForPlatform(string path = "")
        => BlobPath.Check(path, isPrefix: true) is { } error ? throw new ArgumentException(error, nameof(path)) : new BlobPrefix(BlobKey.PlatformRoot + path);

    public override string ToString() => Value;
}
