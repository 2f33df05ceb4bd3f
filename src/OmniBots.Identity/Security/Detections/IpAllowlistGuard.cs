using OmniBots.Identity.Access;
using OmniBots.Identity.Contracts;

namespace OmniBots.Identity.Security.Detections;

/// <summary>Tenant IP allowlist at sign-in: outside the tenant's ranges → 403 and an event (the per-request check is <see cref="IpAllowlistMiddleware"/>).</summary>
internal sealed class IpAllowlistGuard(AccessCache cache, IpAllowlistEvents events) : ISignInGuard
{
    public async ValueTask<SignInRefusal?> CheckAsync(SignInAttempt attempt, CancellationToken ct)
    {
        if (attempt.TenantId is not { } tenantId || await cache.GetTenantAsync(tenantId, ct) is not { } tenant
            || IpAllowlist.Allows(tenant.Settings.IpAllowlist, attempt.Ip))
        {
            return null;
        }
        await events.RefusedAsync(tenantId, attempt.Ip, attempt.UserId, attempt.Email, "sign-in", ct);
        return Refusals.IpNotAllowed();
    }

    public ValueTask RecordAsync(SignInAttempt attempt, SignInOutcome outcome, CancellationToken ct) => ValueTask.CompletedTask;
}
