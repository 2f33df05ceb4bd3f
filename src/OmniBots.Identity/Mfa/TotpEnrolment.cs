using OmniBots.Platform.Secrets;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Identity.Mfa;

/// <param name="Secret">Base32, for typing into an authenticator by hand.</param>
internal sealed record TotpEnrolmentView(string Secret, string OtpauthUri);

internal enum TotpCheck
{
    Accepted,
    Wrong,
    NotEnrolled,
}

/// <summary>
/// Enrolling and checking a TOTP authenticator. The secret is protected with the tenant's
/// <see cref="ISecretProtector"/>, so the scope's tenant is set to the user's first (anonymous
/// ticket requests have none yet; a signed-in request has the same one already).
/// </summary>
internal sealed class TotpEnrolment(MfaStore store, ISecretProtector protector, ITenantContext tenantContext, TimeProvider time)
{
    public const string Purpose = "identity.mfa.totp";

    /// <summary>A new pending secret; null when the user has a confirmed authenticator already.</summary>
    public async Task<TotpEnrolmentView?> BeginAsync(Guid tenantId, Guid userId, string email, CancellationToken ct)
    {
        tenantContext.Set(tenantId);
        var secret = Totp.ToBase32(Totp.NewSecret());
        if (!await store.BeginEnrolmentAsync(tenantId, userId, protector.Protect(Purpose, secret), ct))
        {
            return null;
        }
        return new TotpEnrolmentView(secret, Totp.Uri(email, secret));
    }

    /// <summary>The pending enrolment's URI (for the QR code endpoints); null when none is pending.</summary>
    public async Task<string?> PendingUriAsync(Guid tenantId, Guid userId, string email, CancellationToken ct)
    {
        tenantContext.Set(tenantId);
        return await store.GetTotpAsync(tenantId, userId, ct) is { ConfirmedAt: null } pending
            ? Totp.Uri(email, protector.Unprotect(Purpose, pending.ProtectedSecret))
            : null;
    }

    /// <summary>
    /// Checks a code against the pending (<paramref name="confirm"/>) or confirmed authenticator and,
    /// when right, records its step as used in the caller's transaction.
    /// </summary>
    public async Task<TotpCheck> CheckAsync(Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlTransaction transaction, Guid tenantId, Guid userId, string code, bool confirm, CancellationToken ct)
    {
        tenantContext.Set(tenantId);
        if (await store.GetTotpAsync(tenantId, userId, ct) is not { } state || (state.ConfirmedAt is null) != confirm)
        {
            return TotpCheck.NotEnrolled;
        }
        var secret = Totp.FromBase32(protector.Unprotect(Purpose, state.ProtectedSecret));
        if (Totp.Match(secret, code, time.GetUtcNow(), state.LastStep) is not { } step)
        {
            return TotpCheck.Wrong;
        }
        return await store.AcceptStepAsync(connection, transaction, userId, step, confirm, ct) ? TotpCheck.Accepted : TotpCheck.Wrong;
    }
}
