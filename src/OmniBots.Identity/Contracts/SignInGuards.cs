using System.Net;

namespace OmniBots.Identity.Contracts;

/// <summary>
/// A hook into password sign-in for account and IP rules (lockout after failures, credential
/// stuffing, IP allowlists, impossible travel). Register with
/// <c>services.AddScoped&lt;ISignInGuard, MyGuard&gt;()</c>; every registered guard runs.
/// </summary>
public interface ISignInGuard
{
    /// <summary>Before the password is checked: a refusal ends the attempt with its status (403, 429…)
    /// and the password is not checked (nor counted as a failure).</summary>
    ValueTask<SignInRefusal?> CheckAsync(SignInAttempt attempt, CancellationToken ct);

    /// <summary>After the attempt, whatever its outcome.</summary>
    ValueTask RecordAsync(SignInAttempt attempt, SignInOutcome outcome, CancellationToken ct);
}

/// <param name="TenantId">Null for platform staff, or when the named tenant does not exist.</param>
/// <param name="Email">As typed, trimmed; compare case-insensitively.</param>
/// <param name="UserId">The account the email names, when there is one.</param>
public sealed record SignInAttempt(Guid? TenantId, string? TenantSlug, string Email, Guid? UserId, IPAddress? Ip, string? UserAgent, DateTimeOffset At);

public sealed record SignInRefusal(int StatusCode, string Title, string Detail, TimeSpan? RetryAfter = null);

public enum SignInOutcome
{
    Succeeded,
    WrongCredentials,
    AccountNotActive,
    TenantNotActive,
    Refused,
}
