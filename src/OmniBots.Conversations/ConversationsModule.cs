using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OmniBots.Conversations.Contracts;
using OmniBots.Conversations.Engine;
using OmniBots.Conversations.Events;
using OmniBots.Conversations.Jobs;
using OmniBots.Conversations.Simulator;
using OmniBots.Conversations.Storage;
using OmniBots.Conversations.Turns;
using OmniBots.Identity.Contracts;
using OmniBots.Platform;
using OmniBots.Platform.Jobs;
using OmniBots.Platform.Scheduling;
using OmniBots.Runtime.Contracts;

namespace OmniBots.Conversations;

/// <summary>Conversations, messages and the turns that move them (issue 6, SPEC CONV-1, CONV-2, FLOW-7, FLOW-8). See README.md.</summary>
public static class ConversationsModule
{
    public static IServiceCollection AddConversationsModule(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddModuleMigrations("conversations", typeof(ConversationsModule).Assembly);
        services.AddTenantSchemaPurge("conversations");

        services.AddOptions<ExecutorOptions>().Bind(configuration.GetSection(RuntimeOptionsValidator.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ExecutorOptions>, RuntimeOptionsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ExecutorOptions>>().Value);
        services.AddSingleton<FlowSetCache>();
        services.AddSingleton<VersionCache>();
        services.AddScoped<TurnRunner>();
        services.AddScoped<TurnCommitter>();
        services.AddScoped<ConversationEventWriter>();
        services.AddScoped<ConversationStarter>();
        services.AddScoped<TurnProcessor>();
        services.AddScoped<ConversationEngine>();
        services.AddScoped<IConversationEngine>(sp => sp.GetRequiredService<ConversationEngine>());
        services.AddScoped<SimulatorStore>();

        services.AddJobHandler<TimerHandler>(TimerHandler.Kind);
        services.AddJobHandler<IdleCloseHandler>(IdleCloseHandler.Kind);
        services.AddJobHandler<RecoveryHandler>(RecoveryHandler.Kind);
        services.AddCronJob(IdleCloseHandler.Kind, IdleCloseHandler.Cron, IdleCloseHandler.Kind);
        services.AddCronJob(RecoveryHandler.Kind, RecoveryHandler.Cron, RecoveryHandler.Kind);
        return services;
    }

    public static IEndpointRouteBuilder MapConversationsApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGroup("/api/v1").MapSimulator();
        return endpoints;
    }
}
