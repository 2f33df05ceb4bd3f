namespace OmniBots.Identity.Security;

/// <summary>A tenant's detection thresholds (SPEC SEC-1 defaults when the tenant set none).</summary>
internal sealed record SecurityRules(BruteForceRule BruteForce, CredentialStuffingRule CredentialStuffing, ImpossibleTravelRule ImpossibleTravel)
{
    public static readonly SecurityRules Default = new(new(5, 10, 15), new(10, 5, 60), new(true, 500, 60));
}

/// <summary>MaxFailures wrong passwords for one account within WindowMinutes lock it for LockMinutes.</summary>
internal sealed record BruteForceRule(int MaxFailures, int WindowMinutes, int LockMinutes);

/// <summary>One IP failing on DistinctAccounts accounts within WindowMinutes is blocked for BlockMinutes, for every tenant.</summary>
internal sealed record CredentialStuffingRule(int DistinctAccounts, int WindowMinutes, int BlockMinutes);

/// <summary>Two successful sign-ins of one user more than DistanceMiles apart within WindowMinutes raise an alert.</summary>
internal sealed record ImpossibleTravelRule(bool Enabled, int DistanceMiles, int WindowMinutes);

internal sealed record SecurityRulesRequest(BruteForceRule? BruteForce, CredentialStuffingRule? CredentialStuffing, ImpossibleTravelRule? ImpossibleTravel);

internal static class SecurityRulesValidation
{
    public static (SecurityRules? Rules, Dictionary<string, string[]> Errors) Validate(SecurityRulesRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.BruteForce is not { } brute)
        {
            errors["bruteForce"] = ["Required."];
        }
        else
        {
            Range(errors, "bruteForce.maxFailures", brute.MaxFailures, 2, 100);
            Range(errors, "bruteForce.windowMinutes", brute.WindowMinutes, 1, 1440);
            Range(errors, "bruteForce.lockMinutes", brute.LockMinutes, 1, 1440);
        }
        if (request.CredentialStuffing is not { } stuffing)
        {
            errors["credentialStuffing"] = ["Required."];
        }
        else
        {
            Range(errors, "credentialStuffing.distinctAccounts", stuffing.DistinctAccounts, 2, 1000);
            Range(errors, "credentialStuffing.windowMinutes", stuffing.WindowMinutes, 1, 1440);
            Range(errors, "credentialStuffing.blockMinutes", stuffing.BlockMinutes, 1, 10080);
        }
        if (request.ImpossibleTravel is not { } travel)
        {
            errors["impossibleTravel"] = ["Required."];
        }
        else
        {
            Range(errors, "impossibleTravel.distanceMiles", travel.DistanceMiles, 10, 12500);
            Range(errors, "impossibleTravel.windowMinutes", travel.WindowMinutes, 1, 1440);
        }
        return errors.Count > 0 ? (null, errors) : (new SecurityRules(request.BruteForce!, request.CredentialStuffing!, request.ImpossibleTravel!), errors);
    }

    private static void Range(Dictionary<string, string[]> errors, string field, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors[field] = [$"Between {min} and {max}."];
        }
    }
}
