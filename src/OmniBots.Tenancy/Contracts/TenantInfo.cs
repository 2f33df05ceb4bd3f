namespace OmniBots.Tenancy.Contracts;

public enum TenantStatus
{
    Active,
    Suspended,
    Deleting,
}

public sealed record TenantInfo(Guid Id, Guid PartnerId, string Name, string Slug, TenantStatus Status, TenantSettings Settings);

/// <summary>Tenant settings (SPEC TEN-1). Defaults apply to keys a tenant has not set.</summary>
public sealed record TenantSettings
{
    public string TimeZone { get; init; } = "UTC";
    public string DefaultLanguage { get; init; } = "en";
    public string? LogoUrl { get; init; }
    public string? PrimaryColor { get; init; }

    /// <summary>Conversations older than this are purged nightly.</summary>
    public int DataRetentionDays { get; init; } = 365;

    /// <summary>15 minutes to 24 hours.</summary>
    public int SessionTimeoutMinutes { get; init; } = 480;

    /// <summary>30, 60 or 90; null means passwords never expire.</summary>
    public int? PasswordExpiryDays { get; init; }

    /// <summary>CIDR ranges allowed to sign in; empty allows every address.</summary>
    public IReadOnlyList<string> IpAllowlist { get; init; } = [];

    /// <summary>Every user must sign in with a second factor: users without one enrol at their next sign-in.</summary>
    public bool MfaRequired { get; init; }
}
