using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Bots.Bots;
using OmniBots.Bots.Contracts;
using OmniBots.Bots.Deployments;
using OmniBots.Bots.Directory;
using OmniBots.Bots.Flows.Reusable;
using OmniBots.Bots.Flows.Validation;
using OmniBots.Bots.Prompts;
using OmniBots.Bots.Versions;
using OmniBots.Identity.Contracts;
using OmniBots.Platform;

namespace OmniBots.Bots;

/// <summary>Bots, versions, flows, the node catalogue and the prompt library (issue 6, SPEC BOT-1..3, FLOW-1, PROMPT-1). See README.md.</summary>
public static class BotsModule
{
    public static IServiceCollection AddBotsModule(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddModuleMigrations("bots", typeof(BotsModule).Assembly);
        services.AddTenantSchemaPurge("bots");
        services.AddScoped<BotStore>();
        services.AddScoped<DeploymentStore>();
        services.AddScoped<VersionStore>();
        services.AddScoped<ReusableFlowStore>();
        services.AddScoped<PromptStore>();
        services.AddScoped<FlowChecker>();
        services.AddSingleton<DeploymentKeyLookup>();
        services.AddScoped<IBotDirectory, BotDirectory>();
        return services;
    }

    /// <summary>Maps <c>/api/v1/bots</c> (with deployments and versions), <c>/api/v1/flows</c> and <c>/api/v1/prompts</c>.</summary>
    public static IEndpointRouteBuilder MapBotsApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/api/v1");
        var bots = api.MapBots();
        bots.MapDeployments();
        bots.MapVersions();
        api.MapReusableFlows();
        api.MapPrompts();
        return endpoints;
    }
}
