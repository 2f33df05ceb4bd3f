using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Npgsql;
using OmniBots.Identity.SignIn;
using OmniBots.Platform.Audit;

namespace OmniBots.Identity.Mfa;

/// <param name="DeviceToken">Token mode with <c>trustDevice</c>: send it as <c>X-Device-Token</c> at sign-in. In cookie mode it travels only in the HttpOnly cookie.</param>
/// <param name="RecoveryCodes">After enrolment only: shown this once.</param>
internal sealed record MfaSignInResponse(
    string Mode,
    Guid UserId,
    Guid TenantId,
    SessionView Session,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TokenResponse? Tokens,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DeviceToken,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? DeviceTrustedUntil,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? RecoveryCodes);

/// <summary>Ends a ticket's journey: spends it, optionally trusts the device, and starts the session through <see cref="SessionIssuer"/>.</summary>
internal sealed class MfaCompletion(MfaTickets tickets, TrustedDevices devices, SessionIssuer issuer, IAuditLog audit, TimeProvider time)
{
    /// <summary>Null when the ticket was spent by a concurrent request (the transaction is then rolled back by disposal).</summary>
    public async Task<MfaSignInResponse?> FinishAsync(
        HttpContext http, NpgsqlConnection connection, NpgsqlTransaction transaction, MfaTicket ticket, bool trustDevice,
        IReadOnlyList<string>? recoveryCodes, string auditAction, string method, CancellationToken ct)
    {
        if (!await tickets.ConsumeAsync(connection, transaction, ticket, ct))
        {
            return null;
        }
        (string Token, DateTimeOffset ExpiresAt)? device = trustDevice
            ? await devices.TrustAsync(connection, transaction, ticket.TenantId, ticket.UserId, http.Request.Headers.UserAgent.ToString(), ct)
            : null;
        await transaction.CommitAsync(ct);

        var started = await issuer.StartAsync(http, new VerifiedAccount(ticket.TenantId, ticket.UserId, ticket.SecurityStamp, ticket.IdleTimeoutMinutes), ticket.Mode, ct);
        if (device is { } trusted && ticket.Mode == SignInModes.Cookie)
        {
            http.Response.Cookies.Append(TrustedDevices.CookieName, trusted.Token, new CookieOptions
            {
                HttpOnly = true,
                Secure = http.Request.IsHttps,
                SameSite = SameSiteMode.Strict,
                Path = "/api/v1/auth",
                Expires = trusted.ExpiresAt,
            });
        }
        await audit.RecordAsync(new AuditEntry(auditAction)
        {
            TenantId = ticket.TenantId,
            Actor = new AuditActor("user", ticket.UserId.ToString(), null),
            TargetType = "user",
            TargetId = ticket.UserId.ToString(),
            Details = new { method, trustedDevice = trustDevice, mode = ticket.Mode },
        }, ct);
        var session = started.Session;
        var now = time.GetUtcNow();
        return new MfaSignInResponse(ticket.Mode, ticket.UserId, ticket.TenantId,
            new SessionView(session.Id, session.Kind, session.CreatedAt, session.ExpiresAt, session.IdleTimeoutMinutes),
            started.AccessToken is { } access ? TokenResponse.From(access, started.RefreshToken!, now) : null,
            ticket.Mode == SignInModes.Token ? device?.Token : null,
            device?.ExpiresAt,
            recoveryCodes);
    }
}
