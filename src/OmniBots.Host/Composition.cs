using OmniBots.Bots;
using OmniBots.Channels;
using OmniBots.Conversations;
using OmniBots.Gateway;
using OmniBots.Gateway.Registry;
using OmniBots.Identity;
using OmniBots.Knowledge;
using OmniBots.Platform;
using OmniBots.Platform.Access;
using OmniBots.Platform.Email;
using OmniBots.Platform.Hosting;
using OmniBots.Platform.Http;
using OmniBots.Platform.Jobs.Admin;
using OmniBots.Tenancy;

namespace OmniBots.Host;

/// <summary>The composition root: which modules make up the platform and in which order they are wired.</summary>
internal static class Composition
{
    public static WebApplicationBuilder AddOmniBots(this WebApplicationBuilder builder)
    {
        builder.Services.AddPlatform(builder.Configuration);
        builder.Services.AddTenancy(builder.Configuration);
        builder.Services.AddPlatformHttp(builder.Configuration, builder.Environment);
        builder.Services.AddPlatformAccess();
        builder.Services.AddIdentityModule(builder.Configuration);
        builder.Services.AddGatewayModule(builder.Configuration);
        builder.Services.AddKnowledgeModule(builder.Configuration);
        builder.Services.AddBotsModule(builder.Configuration);
        builder.Services.AddConversationsModule(builder.Configuration);
        builder.Services.AddChannelsModule(builder.Configuration);
        return builder;
    }

    public static WebApplication UseOmniBots(this WebApplication app)
    {
        var roles = app.Configuration.GetSection(HostingOptions.Section).Get<HostingOptions>()?.ParsedRoles ?? ProcessRoles.All;
        StartupBanner.LogWhenStarted(app, roles);
        // First: request ids, problem details, routing and body limits wrap everything after them.
        app.UsePlatformHttp();
        app.UsePlatformAccess();
        app.UseIdentityAntiforgery();
        app.UseIdentitySecurity();
        app.MapPlatformHealth();
        app.MapPlatformHttp();
        if (roles.HasFlag(ProcessRoles.Web))
        {
            // Module APIs are mapped here.
            app.MapIdentityApi();
            app.MapKnowledgeApi();
            app.MapGatewayApi();
            app.MapBotsApi();
            app.MapConversationsApi();
            app.MapChannelsApi();
            app.MapPlatformJobsAdmin().RequireAuthorization(PlatformPolicies.PlatformAdmin);
            app.MapEmailOutboxAdmin().RequireAuthorization(PlatformPolicies.PlatformAdmin);
        }
        return app;
    }
}
