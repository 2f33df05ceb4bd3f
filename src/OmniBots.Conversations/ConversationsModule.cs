using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Identity.Contracts;
using OmniBots.Platform;

namespace OmniBots.Conversations;

/// <summary>Conversations, messages and the turns that move them (issue 6, SPEC CONV-1, CONV-2, FLOW-7, FLOW-8). See README.md.</summary>
public static class ConversationsModule
{
    public static IServiceCollection AddConversationsModule(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddModuleMigrations("conversations", typeof(ConversationsModule).Assembly);
        services.AddTenantSchemaPurge("conversations");
        return services;
    }

    public static IEndpointRouteBuilder MapConversationsApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return endpoints;
    }
}
