using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OmniBots.Platform.Tenancy;

namespace OmniBots.Platform.Access;

/// <summary>Authentication and authorization plumbing shared by every module. The identity module
/// adds the real schemes (cookies, bearer tokens, API keys); policies here are what the platform's
/// own endpoints require.</summary>
public static class AccessModule
{
    public static IServiceCollection AddPlatformAccess(this IServiceCollection services)
    {
        services.AddAuthentication();
        // Decided when options are first read, not now: test hosts add their settings after the
        // services are registered.
        services.AddOptions<AuthenticationOptions>().Configure<IHostEnvironment, IConfiguration>((options, env, config) =>
        {
            if (TrustsTestHeaders(config, env))
            {
                options.AddScheme<TestHeadersAuthenticationHandler>(TestHeadersAuthenticationHandler.SchemeName, null);
                options.DefaultScheme ??= TestHeadersAuthenticationHandler.SchemeName;
            }
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(PlatformPolicies.PlatformAdmin, policy => policy.RequireClaim(PlatformClaims.PlatformRole, PlatformClaims.SuperAdmin));
        return services;
    }

    /// <summary>After routing: who the caller is, what they may do, and which tenant the request belongs to.</summary>
    public static IApplicationBuilder UsePlatformAccess(this IApplicationBuilder app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<TenantContextMiddleware>();
        return app;
    }

    internal static bool TrustsTestHeaders(IConfiguration configuration, IHostEnvironment environment)
        => environment.IsEnvironment("Testing") && configuration.GetValue<bool>("Testing:TrustTenantHeader");
}
