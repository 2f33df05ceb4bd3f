using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Conversations.Contracts;
using OmniBots.Platform.Tenancy;
using OmniBots.Testing;

namespace OmniBots.Channels.Tests;

/// <summary>Commits synthetic conversation events the way the engine does: every registered sink, inside the
/// transaction of a tenant-confined connection, then commit (or roll back).</summary>
internal static class WebhookEvents
{
    public static ConversationEvent MessageCreated(Guid tenantId, string text) => new(
        Guid.NewGuid(), ConversationEvents.MessageCreated, tenantId, Guid.NewGuid(), Guid.NewGuid(), "rest", DateTimeOffset.UtcNow,
        new JsonObject { ["text"] = text, ["author"] = "customer" });

    public static async Task PublishAsync(OmniBotsHostFactory host, Guid tenantId, IReadOnlyList<ConversationEvent> events, bool commit = true)
    {
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(tenantId);
        await using var connection = await scope.ServiceProvider.GetRequiredService<TenantDatabase>().OpenAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var sink in scope.ServiceProvider.GetServices<IConversationEventSink>())
        {
            await sink.HandleAsync(connection, events, CancellationToken.None);
        }
        if (commit)
        {
            await transaction.CommitAsync();
        }
        else
        {
            await transaction.RollbackAsync();
        }
    }
}
