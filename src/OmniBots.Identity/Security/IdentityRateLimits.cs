namespace OmniBots.Identity.Security;

/// <summary>
/// Named rate-limit policies (fixed window per client IP, <c>Security:RateLimits:*</c>); a rejected
/// request gets a 429 problem with <c>Retry-After</c>. Attach with <c>.RequireRateLimiting(name)</c>:
/// sign-in and refresh use theirs; forgot/reset-password endpoints must attach <see cref="Credentials"/>
/// and MFA verification/enrolment endpoints <see cref="Mfa"/>.
/// </summary>
public static class IdentityRateLimits
{
    public const string SignIn = "identity.sign-in";
    public const string Refresh = "identity.refresh";
    public const string Credentials = "identity.credentials";
    public const string Mfa = "identity.mfa";
}
