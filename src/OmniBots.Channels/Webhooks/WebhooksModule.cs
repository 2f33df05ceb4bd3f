using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OmniBots.Conversations.Contracts;
using OmniBots.Platform.Jobs;
using OmniBots.Platform.Scheduling;

namespace OmniBots.Channels.Webhooks;

internal static class WebhooksModule
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section))
            .Validate(o => o.TimeoutSeconds is >= 1 and <= 60, $"{WebhookOptions.Section}:TimeoutSeconds must be between 1 and 60.")
            .Validate(o => o.MaxAttempts is >= 1 and <= 100, $"{WebhookOptions.Section}:MaxAttempts must be between 1 and 100.")
            .Validate(o => o.DisableAfterConsecutiveFailures >= 0,
                $"{WebhookOptions.Section}:DisableAfterConsecutiveFailures must be 0 (never) or more.")
            .Validate(o => o.MaxSubscriptionsPerTenant is >= 1 and <= 1000, $"{WebhookOptions.Section}:MaxSubscriptionsPerTenant must be between 1 and 1000.")
            .Validate(o => o.DeliveryLogRetentionDays is >= 1 and <= 3650, $"{WebhookOptions.Section}:DeliveryLogRetentionDays must be between 1 and 3650.")
            .ValidateOnStart();
        services.AddWebhookHttp();
        services.AddSingleton<WebhookSender>();
        services.AddScoped<WebhookStore>();
        services.AddScoped<DeliveryLog>();
        services.AddScoped<WebhookPing>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IConversationEventSink, WebhookEventSink>());
        services.AddJobHandler<WebhookDeliveryHandler>(WebhookDeliveryHandler.Kind);
        services.AddJobHandler<DeliveryLogCleanupHandler>(DeliveryLogCleanupHandler.Kind);
        services.AddCronJob(DeliveryLogCleanupHandler.Kind, DeliveryLogCleanupHandler.Cron, DeliveryLogCleanupHandler.Kind);
        return services;
    }
}
