using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace OmniBots.Identity.Sso;

/// <summary>OpenID Connect single sign-on (SPEC IAM-4): platform providers, tenant connections and the sign-in flow.</summary>
internal static class SsoModule
{
    public static IServiceCollection AddSso(this IServiceCollection services)
    {
        services.AddHttpClient(OidcMetadata.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        return services.AddSingleton<OidcMetadata>().AddSingleton<IdTokenValidator>().AddSingleton<SsoFlowState>()
            .AddScoped<OidcTokenClient>().AddScoped<SsoProviders>().AddScoped<SsoConnections>().AddScoped<SsoUsers>();
    }

    public static void MapSso(this RouteGroupBuilder api, RouteGroupBuilder auth)
    {
        api.MapSsoProviders();
        api.MapSsoConnections();
        auth.MapSsoFlow();
    }
}
