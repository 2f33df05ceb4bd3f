using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace OmniBots.Identity.Mfa;

/// <summary>TOTP, recovery codes, trusted devices and the sign-in step they add (SPEC IAM-3).</summary>
internal static class MfaModule
{
    public static IServiceCollection AddMfa(this IServiceCollection services)
        => services.AddScoped<MfaStore>().AddScoped<MfaTickets>().AddScoped<TrustedDevices>().AddScoped<TotpEnrolment>()
            .AddScoped<MfaSignInGate>().AddScoped<MfaCompletion>();

    public static void MapMfa(this RouteGroupBuilder api, RouteGroupBuilder auth)
    {
        auth.MapAuthMfa();
        api.MapMeMfa();
        api.MapMfaReset();
    }
}
