using OmniBots.Identity.Contracts;

namespace OmniBots.Identity.Security.Detections;

/// <summary>Brute force (SEC-1): MaxFailures wrong passwords on one account in the window lock it, even for the right password, until the lock ends.</summary>
internal sealed class BruteForceGuard(SignInCounters counters, RulesStore rules, SecurityEventStore events) : ISignInGuard
{
    private const string Kind = "account";

    public async ValueTask<SignInRefusal?> CheckAsync(SignInAttempt attempt, CancellationToken ct)
        => await counters.BlockedUntilAsync(Kind, SignInCounters.AccountKey(attempt), attempt.At, ct) is { } until
            ? Refusals.AccountLocked(until - attempt.At)
            : null;

    public async ValueTask RecordAsync(SignInAttempt attempt, SignInOutcome outcome, CancellationToken ct)
    {
        if (outcome != SignInOutcome.WrongCredentials)
        {
            return;
        }
        var rule = (await rules.GetAsync(attempt.TenantId, ct)).BruteForce;
        var key = SignInCounters.AccountKey(attempt);
        var until = await counters.BlockAtThresholdAsync(Kind, key, "count(*)", "account_key = @account", p => p.AddWithValue("account", key),
            rule.MaxFailures, TimeSpan.FromMinutes(rule.WindowMinutes), TimeSpan.FromMinutes(rule.LockMinutes), attempt.At, ct);
        if (until is null)
        {
            return;
        }
        await events.WriteAsync(new NewSecurityEvent(attempt.TenantId, SecurityEventTypes.BruteForce, "high", 70, attempt.Ip, attempt.UserId,
            attempt.Email, "lock", new { failures = rule.MaxFailures, windowMinutes = rule.WindowMinutes, lockedUntil = until }), ct);
    }
}
