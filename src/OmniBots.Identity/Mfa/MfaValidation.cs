namespace OmniBots.Identity.Mfa;

/// <summary>Shape checks for codes, so bad input is named before any ticket or secret is touched.</summary>
internal static class MfaValidation
{
    public const int MaxRecoveryCodeLength = 40;

    public static bool IsTotpCode(string? code) => code is { Length: 6 } && code.All(char.IsAsciiDigit);

    public static void RequireTicket(string? ticket, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(ticket))
        {
            errors["ticket"] = ["The ticket from the sign-in answer is required."];
        }
        else if (MfaSecrets.TenantOf(ticket, MfaSecrets.TicketPrefix) is null)
        {
            errors["ticket"] = ["Not an MFA ticket."];
        }
    }

    public static void RequireCode(string? code, Dictionary<string, string[]> errors)
    {
        if (!IsTotpCode(code))
        {
            errors["code"] = ["The 6-digit code from the authenticator app is required."];
        }
    }
}
