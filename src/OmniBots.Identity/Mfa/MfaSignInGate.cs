using Microsoft.AspNetCore.Http;
using OmniBots.Tenancy.Contracts;

namespace OmniBots.Identity.Mfa;

internal static class MfaStatuses
{
    public const string Required = "mfaRequired";
    public const string EnrolmentRequired = "mfaEnrolmentRequired";
}

/// <param name="Status"><c>mfaRequired</c> (complete with <c>POST /api/v1/auth/mfa</c>) or
/// <c>mfaEnrolmentRequired</c> (the tenant requires MFA: enrol with <c>/api/v1/auth/mfa/enrol</c>).</param>
/// <param name="Ticket">Single use, valid <see cref="ExpiresAt"/>; allows only that next step.</param>
internal sealed record MfaChallengeResponse(string Status, string Ticket, DateTimeOffset ExpiresAt);

/// <summary>
/// Decides, after the right password, whether a session may start now: a user with a confirmed
/// authenticator needs a code unless this device is trusted; a user without one in a tenant that
/// requires MFA must enrol first. Platform staff are not covered (their MFA is not built yet).
/// </summary>
internal sealed class MfaSignInGate(MfaStore store, MfaTickets tickets, TrustedDevices devices)
{
    /// <summary>Token clients present their trusted-device token in this header; browsers send the cookie.</summary>
    public const string DeviceHeader = "X-Device-Token";

    public async Task<MfaChallengeResponse?> ChallengeAsync(HttpContext http, TenantInfo tenant, Guid userId, Guid stamp, int idleTimeoutMinutes, string mode, CancellationToken ct)
    {
        if (await store.HasConfirmedTotpAsync(tenant.Id, userId, ct))
        {
            var device = http.Request.Headers[DeviceHeader].ToString() is { Length: > 0 } header ? header : http.Request.Cookies[TrustedDevices.CookieName];
            if (await devices.IsTrustedAsync(device, tenant.Id, userId, ct))
            {
                return null;
            }
            var ticket = await tickets.IssueAsync(tenant.Id, userId, MfaTicketPurposes.Verify, mode, stamp, idleTimeoutMinutes, ct);
            return new MfaChallengeResponse(MfaStatuses.Required, ticket.Ticket, ticket.ExpiresAt);
        }
        if (tenant.Settings.MfaRequired)
        {
            var ticket = await tickets.IssueAsync(tenant.Id, userId, MfaTicketPurposes.Enrol, mode, stamp, idleTimeoutMinutes, ct);
            return new MfaChallengeResponse(MfaStatuses.EnrolmentRequired, ticket.Ticket, ticket.ExpiresAt);
        }
        return null;
    }
}
