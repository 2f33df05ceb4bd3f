using OmniBots.Identity.Contracts;

namespace OmniBots.Identity.Security.Detections;

internal static class Refusals
{
    public static SignInRefusal AccountLocked(TimeSpan retryAfter) => new(423, "Account locked",
        "Too many failed sign-ins for this account: it is locked for a while. Try again later or reset the password.", retryAfter);

    public static SignInRefusal IpBlocked(TimeSpan retryAfter) => new(429, "Address blocked",
        "Too many failed sign-ins from this address on different accounts: it is blocked for a while.", retryAfter);

    public static SignInRefusal IpNotAllowed() => new(403, "Address not allowed",
        "This tenant only allows sign-in from its allowed network addresses.");
}
