using OmniBots.Identity.Contracts;
using OmniBots.Identity.Security.GeoIp;

namespace OmniBots.Identity.Security.Detections;

/// <summary>Registered first: stores every attempt (with its location on success) before the detections count them.</summary>
internal sealed class AttemptRecorder(SignInCounters counters, GeoIpStore geoIp) : ISignInGuard
{
    public ValueTask<SignInRefusal?> CheckAsync(SignInAttempt attempt, CancellationToken ct) => ValueTask.FromResult<SignInRefusal?>(null);

    public async ValueTask RecordAsync(SignInAttempt attempt, SignInOutcome outcome, CancellationToken ct)
    {
        var location = outcome == SignInOutcome.Succeeded ? await geoIp.LookupAsync(attempt.Ip, ct) : null;
        await counters.RecordAsync(attempt, outcome, location, ct);
    }
}
