using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Channels.Rest;
using OmniBots.Channels.Webhooks;
using OmniBots.Identity.Contracts;
using OmniBots.Platform;

namespace OmniBots.Channels;

/// <summary>How customers and servers reach conversations: the widget socket, the REST channel and outbound
/// webhooks (issue 6, SPEC CHAN-1, CHAN-2, CHAN-6). See README.md.</summary>
public static class ChannelsModule
{
    public static IServiceCollection AddChannelsModule(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddModuleMigrations("channels", typeof(ChannelsModule).Assembly);
        services.AddTenantSchemaPurge("channels");
        services.AddWebhooks(configuration);
        services.AddRestChannel(configuration);
        return services;
    }

    public static IEndpointRouteBuilder MapChannelsApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/api/v1");
        api.MapWebhooks();
        api.MapRestChannel();
        return endpoints;
    }
}
