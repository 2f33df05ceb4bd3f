using OmniBots.Identity.Contracts;
using OmniBots.Identity.Security.GeoIp;

namespace OmniBots.Identity.Security.Detections;

/// <summary>Impossible travel (SEC-1): a successful sign-in farther than DistanceMiles from the user's
/// previous one within the window raises an alert. The sign-in itself goes through: an alert only.</summary>
internal sealed class ImpossibleTravelGuard(SignInCounters counters, GeoIpStore geoIp, RulesStore rules, SecurityEventStore events) : ISignInGuard
{
    public ValueTask<SignInRefusal?> CheckAsync(SignInAttempt attempt, CancellationToken ct) => ValueTask.FromResult<SignInRefusal?>(null);

    public async ValueTask RecordAsync(SignInAttempt attempt, SignInOutcome outcome, CancellationToken ct)
    {
        if (outcome != SignInOutcome.Succeeded || attempt.UserId is not { } user)
        {
            return;
        }
        var rule = (await rules.GetAsync(attempt.TenantId, ct)).ImpossibleTravel;
        if (!rule.Enabled || await geoIp.LookupAsync(attempt.Ip, ct) is not { } here)
        {
            return;
        }
        var previous = await counters.PreviousLocatedSuccessAsync(user, attempt.At - TimeSpan.FromMinutes(rule.WindowMinutes), attempt.At, ct);
        if (previous is not { } before)
        {
            return;
        }
        var miles = here.MilesTo(before.Location);
        if (miles <= rule.DistanceMiles)
        {
            return;
        }
        await events.WriteAsync(new NewSecurityEvent(attempt.TenantId, SecurityEventTypes.ImpossibleTravel, "high", 75, attempt.Ip, user, attempt.Email,
            "alert", new
            {
                miles = Math.Round(miles),
                minutes = Math.Round((attempt.At - before.At).TotalMinutes, 1),
                previousIp = before.Ip?.ToString(),
                country = here.CountryIsoCode,
                city = here.City,
            }), ct);
    }
}
