using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OmniBots.Identity.Contracts;
using OmniBots.Identity.Security.Detections;
using OmniBots.Identity.Security.GeoIp;
using OmniBots.Platform.Jobs;
using OmniBots.Platform.Scheduling;

namespace OmniBots.Identity.Security;

/// <summary>Security events and sign-in detections (SPEC SEC-1, account and IP side). See README.md "Security".</summary>
internal static class SecurityModule
{
    public static IServiceCollection AddIdentitySecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecuritySettings>().Bind(configuration.GetSection(SecuritySettings.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecuritySettings>, SecuritySettingsValidator>();
        services.AddIdentityRateLimits();
        services.AddScoped<SignInCounters>();
        services.AddScoped<RulesStore>();
        services.AddScoped<SecurityEventStore>();
        services.AddScoped<IpAllowlistEvents>();
        services.AddScoped<GeoIpStore>();
        // Order matters: guards' RecordAsync run in registration order, and the detections count
        // the attempt the recorder has just stored. The allowlist is checked first (cheapest, no writes).
        services.AddScoped<ISignInGuard, IpAllowlistGuard>();
        services.AddScoped<ISignInGuard, AttemptRecorder>();
        services.AddScoped<ISignInGuard, CredentialStuffingGuard>();
        services.AddScoped<ISignInGuard, BruteForceGuard>();
        services.AddScoped<ISignInGuard, ImpossibleTravelGuard>();
        services.AddHostedService<GeoIpStartupImport>();
        return services;
    }

    /// <summary>After authentication: the rate limiter (needs the matched endpoint) and the per-request IP allowlist.</summary>
    public static IApplicationBuilder UseIdentitySecurity(this IApplicationBuilder app)
        => app.UseRateLimiter().UseMiddleware<IpAllowlistMiddleware>();

    public static void MapSecurityApi(this IEndpointRouteBuilder api)
    {
        api.MapSecurityEvents();
        api.MapSecurityRules();
        api.MapGeoIpImport();
    }
}
