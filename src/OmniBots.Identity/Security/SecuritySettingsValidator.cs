using Microsoft.Extensions.Options;

namespace OmniBots.Identity.Security;

/// <summary>Bad limits stop the host at start, naming the setting.</summary>
internal sealed class SecuritySettingsValidator : IValidateOptions<SecuritySettings>
{
    public ValidateOptionsResult Validate(string? name, SecuritySettings options)
    {
        var failures = new List<string>();
        Check(failures, nameof(RateLimitSettings.SignIn), options.RateLimits.SignIn);
        Check(failures, nameof(RateLimitSettings.Refresh), options.RateLimits.Refresh);
        Check(failures, nameof(RateLimitSettings.Credentials), options.RateLimits.Credentials);
        Check(failures, nameof(RateLimitSettings.Mfa), options.RateLimits.Mfa);
        if (options.GeoIp.CsvFolder is { Length: > 0 } folder && !Directory.Exists(folder))
        {
            failures.Add($"Security:GeoIp:CsvFolder: the folder '{folder}' does not exist.");
        }
        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }

    private static void Check(List<string> failures, string policy, RateLimit limit)
    {
        if (limit.PermitLimit is < 1 or > 100_000)
        {
            failures.Add($"Security:RateLimits:{policy}:PermitLimit must be between 1 and 100000.");
        }
        if (limit.WindowSeconds is < 1 or > 86_400)
        {
            failures.Add($"Security:RateLimits:{policy}:WindowSeconds must be between 1 and 86400.");
        }
    }
}
