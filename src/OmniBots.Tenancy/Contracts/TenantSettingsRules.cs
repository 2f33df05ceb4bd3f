namespace OmniBots.Tenancy.Contracts;

/// <summary>The limits SPEC TEN-1 puts on tenant settings; returns every problem at once.</summary>
public static class TenantSettingsRules
{
    private static readonly int?[] PasswordExpiryChoices = [null, 30, 60, 90];

    public static IReadOnlyDictionary<string, string[]> Validate(TenantSettings settings)
    {
        var errors = new Dictionary<string, string[]>();
        if (settings.SessionTimeoutMinutes is < 15 or > 1440)
        {
            errors["sessionTimeoutMinutes"] = ["Must be between 15 minutes and 24 hours (1440)."];
        }
        if (!PasswordExpiryChoices.Contains(settings.PasswordExpiryDays))
        {
            errors["passwordExpiryDays"] = ["Must be 30, 60, 90 or null (never)."];
        }
        if (settings.DataRetentionDays is < 1 or > 3650)
        {
            errors["dataRetentionDays"] = ["Must be between 1 and 3650 days."];
        }
        if (TimeZoneInfo.TryFindSystemTimeZoneById(settings.TimeZone, out _) is false)
        {
            errors["timeZone"] = [$"'{settings.TimeZone}' is not a known IANA time zone."];
        }
        var badRanges = settings.IpAllowlist.Where(range => !System.Net.IPNetwork.TryParse(range, out _)).ToArray();
        if (badRanges.Length > 0)
        {
            errors["ipAllowlist"] = [$"Not CIDR ranges: {string.Join(", ", badRanges)}."];
        }
        return errors;
    }
}
