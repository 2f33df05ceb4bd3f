using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OmniBots.Identity.Access;
using OmniBots.Identity.Contracts;
using OmniBots.Identity.Mfa;
using OmniBots.Tenancy.Contracts;

namespace OmniBots.Identity.SignIn;

/// <summary>
/// Password sign-in. Every way of not knowing the account (no such tenant, no such email, no
/// password set, wrong password) answers the same 401 after the same hashing work; what only the
/// account's owner may learn (suspended, tenant suspended) is said only after the right password.
/// </summary>
internal sealed class SignInHandler(
    AccountLookup lookup,
    Passwords passwords,
    SessionIssuer issuer,
    MfaSignInGate mfa,
    IEnumerable<ISignInGuard> guards,
    TimeProvider time,
    IOptions<IdentitySettings> settings)
{
    public async Task<Results<Ok<SignInResponse>, Ok<MfaChallengeResponse>, ValidationProblem, ProblemHttpResult>> SignInAsync(HttpContext http, ValidSignIn request, CancellationToken ct)
    {
        var (tenant, account) = await lookup.FindAsync(request.TenantSlug, request.Email, ct);
        var attempt = new SignInAttempt(tenant?.Id, request.TenantSlug, request.Email, account?.Id,
            http.Connection.RemoteIpAddress, http.Request.Headers.UserAgent.ToString(), time.GetUtcNow());
        foreach (var guard in guards)
        {
            if (await guard.CheckAsync(attempt, ct) is { } refusal)
            {
                await RecordAsync(attempt, SignInOutcome.Refused, ct);
                if (refusal.RetryAfter is { } retry)
                {
                    http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                return TypedResults.Problem(refusal.Detail, statusCode: refusal.StatusCode, title: refusal.Title);
            }
        }
        var verification = passwords.Verify(account?.PasswordHash, request.Password);
        if (account is null || verification == PasswordVerificationResult.Failed)
        {
            await RecordAsync(attempt, SignInOutcome.WrongCredentials, ct);
            return TypedResults.Problem(request.TenantSlug is null ? "The email or password is not correct." : "The tenant, email or password is not correct.",
                statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed");
        }
        if (account.Status != UserStatuses.Active)
        {
            await RecordAsync(attempt, SignInOutcome.AccountNotActive, ct);
            return TypedResults.Problem(account.Status == UserStatuses.Suspended
                    ? "This account is suspended: ask an administrator."
                    : "This account is not active yet: accept the invitation first.",
                statusCode: StatusCodes.Status403Forbidden, title: "Account not active");
        }
        if (tenant is { Status: not TenantStatus.Active })
        {
            await RecordAsync(attempt, SignInOutcome.TenantNotActive, ct);
            return TypedResults.Problem("This tenant is not active (suspended or being deleted).", statusCode: StatusCodes.Status403Forbidden, title: "Tenant not active");
        }
        // A temporary or expired password opens no session: the caller changes it first (users feature).
        if (account.MustChangePassword || PasswordExpired(tenant, account, time.GetUtcNow()))
        {
            await RecordAsync(attempt, SignInOutcome.Succeeded, ct);
            return TypedResults.Problem(
                (account.MustChangePassword ? "This is a temporary password" : "This password has expired") +
                ": set a new one with POST /api/v1/auth/change-password, then sign in.",
                statusCode: StatusCodes.Status403Forbidden, title: "Password change required",
                extensions: new Dictionary<string, object?> { ["passwordChangeRequired"] = true, ["reason"] = account.MustChangePassword ? "temporary" : "expired" });
        }
        if (verification == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await lookup.RehashAsync(account, passwords.Hash(request.Password), ct);
        }
        var idle = tenant?.Settings.SessionTimeoutMinutes ?? settings.Value.PlatformSessionTimeoutMinutes;
        // The password was right: the second factor (or a forced enrolment) comes before any session.
        if (tenant is not null && await mfa.ChallengeAsync(http, tenant, account.Id, account.SecurityStamp, idle, request.Mode, ct) is { } challenge)
        {
            await RecordAsync(attempt, SignInOutcome.Succeeded, ct);
            return TypedResults.Ok(challenge);
        }
        var started = await issuer.StartAsync(http, new VerifiedAccount(account.TenantId, account.Id, account.SecurityStamp, idle), request.Mode, ct);
        await RecordAsync(attempt, SignInOutcome.Succeeded, ct);
        var session = started.Session;
        var now = time.GetUtcNow();
        return TypedResults.Ok(new SignInResponse(request.Mode, account.Id, account.TenantId,
            new SessionView(session.Id, session.Kind, session.CreatedAt, session.ExpiresAt, session.IdleTimeoutMinutes),
            PasswordExpired(tenant, account, now),
            started.AccessToken is { } access ? TokenResponse.From(access, started.RefreshToken!, now) : null));
    }

    private static bool PasswordExpired(TenantInfo? tenant, SignInAccount account, DateTimeOffset now)
        => tenant?.Settings.PasswordExpiryDays is { } days && (account.PasswordChangedAt is not { } changed || changed.AddDays(days) <= now);

    private async Task RecordAsync(SignInAttempt attempt, SignInOutcome outcome, CancellationToken ct)
    {
        foreach (var guard in guards)
        {
            await guard.RecordAsync(attempt, outcome, ct);
        }
    }
}
