using Microsoft.Extensions.DependencyInjection;
using OmniBots.Conversations.Contracts;
using OmniBots.Conversations.Jobs;
using OmniBots.Platform.Jobs.Contracts;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Conversations.Tests.Engine;

/// <summary>The periodic jobs: the idle close and the recovery of unanswered messages (this class moves the clock).</summary>
public sealed class SweepTests(SweepTests.Fixture fixture) : IClassFixture<SweepTests.Fixture>
{
    public sealed class Fixture : IdentityFixture;

    private Task<EnqueuedJob> RunJobAsync(string kind)
        => fixture.Host.Services.GetRequiredService<IPlatformJobQueue>().EnqueueAsync(new JobRequest(kind), "test: run the sweep now", CancellationToken.None);

    [Fact]
    public async Task AMessageAcceptedButNeverProcessed_IsAnsweredByRecovery()
    {
        var api = await ConversationsClient.SignInAsync(fixture);
        var bot = await api.PublishedBotAsync(Flows.AskName());
        var id = (await api.StartAsync(bot)).Conversation!.Id;
        // The replica that accepted it "crashed": no ProcessAsync.
        await api.WithEngineAsync(e => e.AcceptAsync(id, new InboundMessage("lost-1", InboundKinds.Text, "Margaret"), CancellationToken.None));
        fixture.Time.Advance(RecoveryHandler.Grace + TimeSpan.FromSeconds(1));

        await RunJobAsync(RecoveryHandler.Kind);

        await Eventually.TrueAsync(async () => (await api.WithEngineAsync(e => e.ReadAsync(id, 3, 10, CancellationToken.None)))!.Count > 0,
            TimeSpan.FromSeconds(30), "recovery answers the message");
        var reply = Assert.Single((await api.WithEngineAsync(e => e.ReadAsync(id, 3, 10, CancellationToken.None)))!);
        Assert.Equal(("Thanks Margaret!", 4L), (reply.Text, reply.Sequence));
    }

    [Fact]
    public async Task AConversationSilentForTheBotsIdleTimeout_IsClosedAsIdle_AndAnActiveOneIsNot()
    {
        var api = await ConversationsClient.SignInAsync(fixture);
        var bot = await api.PublishedBotAsync(Flows.AskName(), new { name = "Quick bot", idleTimeoutMinutes = 5 });
        var idle = (await api.StartAsync(bot)).Conversation!.Id;
        fixture.Time.Advance(TimeSpan.FromMinutes(4));
        var active = (await api.StartAsync(bot)).Conversation!.Id;
        fixture.Time.Advance(TimeSpan.FromMinutes(2));

        await RunJobAsync(IdleCloseHandler.Kind);

        await Eventually.TrueAsync(async () => (await api.WithEngineAsync(e => e.FindAsync(idle, CancellationToken.None)))!.Status == ConversationStatuses.Closed,
            TimeSpan.FromSeconds(30), "the idle sweep closes the silent conversation");
        var closed = await api.WithEngineAsync(e => e.FindAsync(idle, CancellationToken.None));
        Assert.Equal("idle_timeout", closed!.ClosedReason);
        Assert.Equal(ConversationStatuses.Active, (await api.WithEngineAsync(e => e.FindAsync(active, CancellationToken.None)))!.Status);
    }
}
