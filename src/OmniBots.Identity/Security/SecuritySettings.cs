namespace OmniBots.Identity.Security;

/// <summary>Configuration section <c>Security</c> (docs/configuration.md).</summary>
internal sealed class SecuritySettings
{
    public const string Section = "Security";

    public GeoIpSettings GeoIp { get; set; } = new();
    public RateLimitSettings RateLimits { get; set; } = new();
}

internal sealed class GeoIpSettings
{
    /// <summary>A folder holding the GeoLite2-style CSV pair, imported at start when the table is empty.</summary>
    public string? CsvFolder { get; set; }
}

internal sealed class RateLimitSettings
{
    public RateLimit SignIn { get; set; } = new() { PermitLimit = 10, WindowSeconds = 60 };
    public RateLimit Refresh { get; set; } = new() { PermitLimit = 30, WindowSeconds = 60 };
    public RateLimit Credentials { get; set; } = new() { PermitLimit = 5, WindowSeconds = 300 };
    public RateLimit Mfa { get; set; } = new() { PermitLimit = 10, WindowSeconds = 60 };
}

/// <summary>A fixed window per client IP.</summary>
internal sealed class RateLimit
{
    public int PermitLimit { get; set; }
    public int WindowSeconds { get; set; }
}
