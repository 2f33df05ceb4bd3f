using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OmniBots.Identity.Access;
using OmniBots.Identity.ApiKeys;
using OmniBots.Identity.Antiforgery;
using OmniBots.Identity.Audit;
using OmniBots.Identity.Authentication;
using OmniBots.Identity.Authorization;
using OmniBots.Identity.Bootstrap;
using OmniBots.Identity.Cleanup;
using OmniBots.Identity.Credentials;
using OmniBots.Identity.Invitations;
using OmniBots.Identity.Contracts;
using OmniBots.Identity.Me;
using OmniBots.Identity.Partners;
using OmniBots.Identity.Mfa;
using OmniBots.Identity.Sso;
using OmniBots.Identity.PasswordReset;
using OmniBots.Identity.PermissionsApi;
using OmniBots.Identity.Provisioning;
using OmniBots.Identity.Purge;
using OmniBots.Identity.Roles;
using OmniBots.Identity.Roles.AssignRoles;
using OmniBots.Identity.Security;
using OmniBots.Identity.Sessions;
using OmniBots.Identity.SignIn;
using OmniBots.Identity.SignOut;
using OmniBots.Identity.Tenants;
using OmniBots.Identity.Testing;
using OmniBots.Identity.Tokens;
using OmniBots.Identity.Users;
using OmniBots.Identity.Users.Invite;
using OmniBots.Identity.Users.Profile;
using OmniBots.Platform;
using OmniBots.Platform.Jobs;
using OmniBots.Platform.Scheduling;

namespace OmniBots.Identity;

/// <summary>Users, roles, permissions, sessions, tokens and API keys (SPEC IAM). See README.md.</summary>
public static class IdentityModule
{
    public const string CookieName = "omnibots_session";

    /// <summary>Registers the module. Call after <c>AddPlatform</c>, <c>AddTenancy</c> and <c>AddPlatformAccess</c>.</summary>
    public static IServiceCollection AddIdentityModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleMigrations("identity", typeof(IdentityModule).Assembly);
        services.AddOptions<IdentitySettings>().Bind(configuration.GetSection(IdentitySettings.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IdentitySettings>, IdentitySettingsValidator>();

        AddAuthentication(services);
        services.RemoveAll<IAuthorizationPolicyProvider>();
        services.AddSingleton<IAuthorizationPolicyProvider, PermissionPolicyProvider>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuthorizationProblems>();
        services.AddAntiforgery(options =>
        {
            options.HeaderName = CookieAntiforgeryMiddleware.HeaderName;
            options.Cookie.Name = "omnibots_csrf";
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        services.AddSingleton<AccessLoader>();
        services.AddSingleton<AccessCache>();
        services.AddSingleton<AccessChanges>();
        services.AddSingleton<IAccessChanges>(sp => sp.GetRequiredService<AccessChanges>());
        services.AddSingleton<ActivityThrottle>();
        services.AddSingleton<RevokedSessions>();
        services.AddSingleton<AccessTokens>();
        services.AddSingleton<ApiKeyCache>();
        services.AddSingleton<Passwords>();
        services.AddSingleton<SuperAdmins>();
        services.AddScoped<AccountConnections>();
        services.AddScoped<SessionStore>();
        services.AddScoped<SessionRevoker>();
        services.AddScoped<ISessionRevocation>(sp => sp.GetRequiredService<SessionRevoker>());
        services.AddScoped<SessionValidator>();
        services.AddScoped<SessionCookieEvents>();
        services.AddScoped<RefreshTokenStore>();
        services.AddScoped<SessionIssuer>();
        services.AddScoped<AccountLookup>();
        services.AddScoped<SignInHandler>();
        services.AddScoped<ApiKeyStore>();
        services.AddScoped<ITenantProvisioner, TenantProvisioner>();
        services.AddTenantProvisioningStep<SystemRolesStep>();
        // Tenant and role administration, tenant purge (TEN-1, TEN-2, IAM-2).
        services.AddScoped<TenantAdminStore>();
        services.AddScoped<RoleStore>();
        services.AddTenantSchemaPurge("identity");
        services.AddTenantPurgeStep<JobsPurgeStep>();
        services.AddTenantPurgeStep<AuditPurgeStep>();
        services.AddJobHandler<TenantPurgeHandler>(TenantPurgeHandler.Kind);
        services.AddMfa();
        services.AddSso();
        AddUsers(services);

        // In this order, after the database initialiser: nothing is authenticated before revocations are loaded.
        services.AddHostedService(sp => sp.GetRequiredService<RevokedSessions>());
        services.AddHostedService(sp => sp.GetRequiredService<AccessChanges>());
        services.AddHostedService(sp => sp.GetRequiredService<ApiKeyCache>());
        services.AddHostedService<SystemRoleSync>();
        services.AddHostedService<SuperAdminBootstrap>();
        services.AddHostedService<DemoTenantSeeder>();

        services.AddJobHandler<IdentityCleanupHandler>(IdentityCleanupHandler.Kind);
        services.AddCronJob(IdentityCleanupHandler.Kind, "0 17 * * * ?", IdentityCleanupHandler.Kind);
        services.AddIdentitySecurity(configuration);
        return services;
    }

    // Users, invitations, passwords and password reset (SPEC IAM-1).
    private static void AddUsers(IServiceCollection services)
    {
        services.AddSingleton<UserTokens>();
        services.AddSingleton<PasswordWriter>();
        services.AddScoped<AccountEmails>();
        services.AddScoped<IUserInvitations, UserInvitations>();
        services.AddScoped<InvitationResend>();
        services.AddScoped<UserStore>();
        services.AddScoped<UserStatusChanges>();
        services.AddScoped<TemporaryPasswords>();
    }

    private static void AddAuthentication(IServiceCollection services)
    {
        services.AddAuthentication(options => options.DefaultScheme = IdentitySchemes.Default)
            .AddPolicyScheme(IdentitySchemes.Default, "Cookie, bearer token or API key", _ => { })
            .AddCookie(IdentitySchemes.Cookie, options =>
            {
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.SlidingExpiration = true;
                options.EventsType = typeof(SessionCookieEvents);
            })
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(IdentitySchemes.Bearer, null)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(IdentitySchemes.ApiKey, null);
        services.AddSingleton<IConfigureOptions<PolicySchemeOptions>, SchemeSelection>();
    }

    /// <summary>After <c>UsePlatformAccess</c>: refuses cookie-authenticated state changes without the antiforgery header.</summary>
    public static IApplicationBuilder UseIdentityAntiforgery(this IApplicationBuilder app)
        => app.UseMiddleware<CookieAntiforgeryMiddleware>();

    /// <summary>After <c>UseIdentityAntiforgery</c>: rate limits on the credential endpoints and the tenant IP allowlist on every request.</summary>
    public static IApplicationBuilder UseIdentitySecurity(this IApplicationBuilder app)
        => SecurityModule.UseIdentitySecurity(app);

    /// <summary>Maps <c>/api/v1/auth/*</c>, <c>/api/v1/me</c>, <c>/api/v1/api-keys</c>, <c>/api/v1/permissions</c> and <c>/api/v1/setup/super-admin</c>.</summary>
    public static IEndpointRouteBuilder MapIdentityApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1");
        var auth = api.MapGroup("/auth").WithTags("Auth");
        auth.MapSignIn();
        auth.MapRefresh();
        auth.MapSignOut();
        auth.MapCsrf();
        auth.MapAcceptInvite();
        auth.MapChangePassword();
        auth.MapPasswordReset();
        api.MapMe();
        api.MapMeProfile();
        api.MapUsers();
        api.MapApiKeys();
        api.MapPermissions();
        api.MapSuperAdminSetup();
        var admin = api.MapGroup("/admin");
        admin.MapPartners();
        admin.MapPartnerAdmins();
        admin.MapTenants();
        api.MapRoles();
        api.MapAssignRoles();
        api.MapAuditLog();
        api.MapMfa(auth);
        api.MapSso(auth);
        api.MapSecurityApi();
        if (endpoints.ServiceProvider.GetRequiredService<IHostEnvironment>().IsEnvironment("Testing"))
        {
            endpoints.MapIdentityTestEndpoints();
        }
        return endpoints;
    }
}
