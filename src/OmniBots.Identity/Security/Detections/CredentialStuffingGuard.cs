using System.Net;
using NpgsqlTypes;
using OmniBots.Identity.Contracts;

namespace OmniBots.Identity.Security.Detections;

/// <summary>
/// Credential stuffing (SEC-1): one IP failing on DistinctAccounts accounts in the window is blocked
/// for every tenant. The thresholds are those of the tenant whose attempt crossed them (defaults for
/// staff and unknown tenants); the event goes to that tenant, or to the platform's events when there is none.
/// </summary>
internal sealed class CredentialStuffingGuard(SignInCounters counters, RulesStore rules, SecurityEventStore events) : ISignInGuard
{
    private const string Kind = "ip";

    public async ValueTask<SignInRefusal?> CheckAsync(SignInAttempt attempt, CancellationToken ct)
        => attempt.Ip is { } ip && await counters.BlockedUntilAsync(Kind, Key(ip), attempt.At, ct) is { } until
            ? Refusals.IpBlocked(until - attempt.At)
            : null;

    public async ValueTask RecordAsync(SignInAttempt attempt, SignInOutcome outcome, CancellationToken ct)
    {
        if (outcome != SignInOutcome.WrongCredentials || attempt.Ip is not { } ip)
        {
            return;
        }
        var rule = (await rules.GetAsync(attempt.TenantId, ct)).CredentialStuffing;
        var until = await counters.BlockAtThresholdAsync(Kind, Key(ip), "count(DISTINCT account_key)", "ip = @ip", p => p.AddWithValue("ip", NpgsqlDbType.Inet, ip),
            rule.DistinctAccounts, TimeSpan.FromMinutes(rule.WindowMinutes), TimeSpan.FromMinutes(rule.BlockMinutes), attempt.At, ct);
        if (until is null)
        {
            return;
        }
        await events.WriteAsync(new NewSecurityEvent(attempt.TenantId, SecurityEventTypes.CredentialStuffing, "critical", 90, ip, null, null,
            "block", new { distinctAccounts = rule.DistinctAccounts, windowMinutes = rule.WindowMinutes, blockedUntil = until }), ct);
    }

    private static string Key(IPAddress ip) => (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString();
}
