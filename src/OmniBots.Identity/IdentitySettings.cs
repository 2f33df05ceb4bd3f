using Microsoft.Extensions.Options;

namespace OmniBots.Identity;

/// <summary>Settings under <c>Identity:</c> (docs/configuration.md).</summary>
internal sealed class IdentitySettings
{
    public const string Section = "Identity";

    /// <summary>Lifetime of bearer access tokens. Short, because a token is honoured until it expires
    /// unless its session is revoked.</summary>
    public int AccessTokenMinutes { get; set; } = 10;

    /// <summary>The longest a session lives, however active.</summary>
    public int SessionLifetimeDays { get; set; } = 30;

    /// <summary>Idle timeout of platform staff sessions (tenants set their own).</summary>
    public int PlatformSessionTimeoutMinutes { get; set; } = 480;

    /// <summary>How long a replica trusts its cached roles, permissions and status of a user without
    /// hearing of a change.</summary>
    public int AccessCacheSeconds { get; set; } = 30;

    /// <summary>How long a replica trusts a cached API key without hearing of a revocation.</summary>
    public int ApiKeyCacheSeconds { get; set; } = 30;

    /// <summary>How often each replica re-reads recent session revocations, in case a notification was lost.</summary>
    public int RevocationRefreshSeconds { get; set; } = 30;

    /// <summary>Where the portal is reached; links in invitation and password reset mails start with it.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:8080";

    public BootstrapSettings Bootstrap { get; set; } = new();

    /// <summary><c>Identity:DemoTenant</c>: seed a demo tenant at start (run.sh turns it on).</summary>
    public bool DemoTenant { get; set; }
}

internal sealed class BootstrapSettings
{
    /// <summary>The first super admin, created at start when no super admin exists.</summary>
    public string? SuperAdminEmail { get; set; }

    public string? SuperAdminPassword { get; set; }

    /// <summary>Validity of the one-time setup link logged when no super admin is configured.</summary>
    public int SetupTokenHours { get; set; } = 24;
}

internal sealed class IdentitySettingsValidator : IValidateOptions<IdentitySettings>
{
    public ValidateOptionsResult Validate(string? name, IdentitySettings options)
    {
        var errors = new List<string>();
        Range(errors, "AccessTokenMinutes", options.AccessTokenMinutes, 1, 60);
        Range(errors, "SessionLifetimeDays", options.SessionLifetimeDays, 1, 365);
        Range(errors, "PlatformSessionTimeoutMinutes", options.PlatformSessionTimeoutMinutes, 15, 1440);
        Range(errors, "AccessCacheSeconds", options.AccessCacheSeconds, 0, 300);
        Range(errors, "ApiKeyCacheSeconds", options.ApiKeyCacheSeconds, 0, 300);
        Range(errors, "RevocationRefreshSeconds", options.RevocationRefreshSeconds, 1, 300);
        Range(errors, "Bootstrap:SetupTokenHours", options.Bootstrap.SetupTokenHours, 1, 168);
        if (!Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var publicBase) || publicBase.Scheme is not ("http" or "https"))
        {
            errors.Add("Identity:PublicBaseUrl must be an absolute http(s) URL.");
        }
        var bootstrap = options.Bootstrap;
        if (!string.IsNullOrWhiteSpace(bootstrap.SuperAdminEmail))
        {
            if (!EmailAddress.IsValid(bootstrap.SuperAdminEmail.Trim()))
            {
                errors.Add("Identity:Bootstrap:SuperAdminEmail is not an email address.");
            }
            if (PasswordRules.Check(bootstrap.SuperAdminPassword) is { } problem)
            {
                errors.Add($"Identity:Bootstrap:SuperAdminPassword: {problem}");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Range(List<string> errors, string setting, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add($"Identity:{setting} must be between {min} and {max} (is {value}).");
        }
    }
}
