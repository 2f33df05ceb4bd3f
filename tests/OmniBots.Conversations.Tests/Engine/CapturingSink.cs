using Xunit;
using System.Collections.Concurrent;
using Npgsql;
using OmniBots.Conversations.Contracts;

namespace OmniBots.Conversations.Tests.Engine;

/// <summary>An event sink that records what the engine hands it (inside the committing transaction).</summary>
internal sealed class CapturingSink(CapturedEvents captured) : IConversationEventSink
{
    public Task HandleAsync(NpgsqlConnection connection, IReadOnlyList<ConversationEvent> events, CancellationToken ct)
    {
        Assert.NotNull(connection);
        foreach (var e in events)
        {
            captured.Events.Enqueue(e);
        }
        return Task.CompletedTask;
    }
}

internal sealed class CapturedEvents
{
    public ConcurrentQueue<ConversationEvent> Events { get; } = new();

    public IReadOnlyList<ConversationEvent> Of(Guid conversationId) => [.. Events.Where(e => e.ConversationId == conversationId)];
}
