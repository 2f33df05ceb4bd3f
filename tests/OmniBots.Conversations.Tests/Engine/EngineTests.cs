using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Conversations.Contracts;
using OmniBots.Platform.Events;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Conversations.Tests.Engine;

public sealed class EngineTests(EngineTests.Fixture fixture) : IClassFixture<EngineTests.Fixture>
{
    public sealed class Fixture : IdentityFixture
    {
        internal CapturedEvents Captured { get; } = new();

        protected override void ConfigureServices(IServiceCollection services)
        {
            services.AddSingleton(Captured);
            services.AddScoped<IConversationEventSink, CapturingSink>();
        }
    }

    private static string[] Texts(IEnumerable<ConversationMessage> messages) => [.. messages.Select(m => m.Text ?? "")];

    [Fact]
    public async Task Start_RunsTheGreeting_AndCollectInputContinuesOnTheNextMessage()
    {
        var api = await ConversationsClient.SignInAsync(fixture);
        var bot = await api.PublishedBotAsync(Flows.AskName());

        var started = await api.StartAsync(bot);
        Assert.Equal(StartStatus.Started, started.Status);
        Assert.Equal(["Hello! I am the support bot.", "What is your name?"], Texts(started.Messages));
        Assert.Equal([1L, 2L], started.Messages.Select(m => m.Sequence));
        Assert.All(started.Messages, m => Assert.Equal(MessageAuthors.Bot, m.Author));
        Assert.Equal("text", started.Messages[0].Body["kind"]!.GetValue<string>());
        var id = started.Conversation!.Id;

        var posted = await api.PostAsync(id, "Ada");
        Assert.Equal(AcceptStatus.Accepted, posted.Status);
        Assert.Equal(3, posted.Message!.Sequence);
        Assert.Equal(["Thanks Ada!"], Texts(posted.Replies));
        Assert.Equal(4, posted.Replies[0].Sequence);

        var all = (await api.WithEngineAsync(e => e.ReadAsync(id, 0, 100, CancellationToken.None)))!;
        Assert.Equal([1L, 2L, 3L, 4L], all.Select(m => m.Sequence));
        Assert.Equal([MessageAuthors.Bot, MessageAuthors.Bot, MessageAuthors.Customer, MessageAuthors.Bot], all.Select(m => m.Author));
        var summary = await api.WithEngineAsync(e => e.FindAsync(id, CancellationToken.None));
        Assert.Equal((4L, 4, ConversationStatuses.Active), (summary!.LastSequence, summary.MessageCount, summary.Status));
        Assert.Equal("Ada", JsonDocument.Parse(await fixture.Database.ScalarAsync<string>(
            "SELECT variables::text FROM conversations.conversations WHERE id = @id", ("id", id)) ?? "{}").RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task EveryTurn_IsStoredWithItsStepTrace()
    {
        var api = await ConversationsClient.SignInAsync(fixture);
        var bot = await api.PublishedBotAsync(Flows.AskName());
        var id = (await api.StartAsync(bot)).Conversation!.Id;
        await api.PostAsync(id, "Grace");

        await using var connection = await fixture.Database.OpenElevatedAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT inbound_kind, outcome, message_sequence, step_count, steps::text FROM conversations.turns WHERE conversation_id = @id ORDER BY created_at, id", connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync();
        var turns = new List<(string Inbound, string Outcome, long? Sequence, int Steps, JsonElement Trace)>();
        while (await reader.ReadAsync())
        {
            turns.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.GetInt32(3),
                JsonDocument.Parse(reader.GetString(4)).RootElement));
        }
        Assert.Equal(2, turns.Count);
        Assert.Equal(("start", "waiting_for_input", (long?)null), (turns[0].Inbound, turns[0].Outcome, turns[0].Sequence));
        Assert.Equal(["start", "hello", "ask"], turns[0].Trace.EnumerateArray().Select(s => s.GetProperty("nodeId").GetString()));
        Assert.Equal(("text", "ended", (long?)3), (turns[1].Inbound, turns[1].Outcome, turns[1].Sequence));
        Assert.Equal(["ask", "thanks", "end"], turns[1].Trace.EnumerateArray().Select(s => s.GetProperty("nodeId").GetString()));
        Assert.Equal(turns[1].Trace.GetArrayLength(), turns[1].Steps);
    }

    [Fact]
    public async Task ResendingAClientMessageId_ReturnsTheOriginal_AndIsAnsweredOnce()
    {
        var api = await ConversationsClient.SignInAsync(fixture);
        var bot = await api.PublishedBotAsync(Flows.AskName());
        var id = (await api.StartAsync(bot)).Conversation!.Id;

        var first = await api.PostAsync(id, "Linus", "client-1");
        var again = await api.PostAsync(id, "Linus (resent)", "client-1");
        Assert.Equal(AcceptStatus.Accepted, first.Status);
        Assert.Equal(AcceptStatus.Duplicate, again.Status);
        Assert.Equal(first.Message!.Id, again.Message!.Id);
        Assert.Equal("Linus", again.Message.Text);
        Assert.Empty(again.Replies);
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM conversations.messages WHERE conversation_id = @id AND author = 'customer'", ("id", id)));
    }

    [Fact]
    public async Task TwoReplicasProcessingTheSameMessage_AnswerItOnce_WithGaplessSequences()
    {
        var api = await ConversationsClient.SignInAsync(fixture);
        var bot = await api.PublishedBotAsync(Flows.AskName());
        for (var round = 0; round < 5; round++)
        {
            var id = (await api.StartAsync(bot)).Conversation!.Id;
            var accepted = await api.WithEngineAsync(e => e.AcceptAsync(id, new InboundMessage($"m{round}", InboundKinds.Text, "Alan"), CancellationToken.None));
            Assert.Equal(AcceptStatus.Accepted, accepted.Status);

            var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => api.WithEngineAsync(e => e.ProcessAsync(id, CancellationToken.None)))));
            Assert.Equal(["Thanks Alan!"], Texts(results.SelectMany(r => r)));
            var sequences = await api.WithEngineAsync(e => e.ReadAsync(id, 0, 100, CancellationToken.None));
            Assert.Equal([1L, 2L, 3L, 4L], sequences!.Select(m => m.Sequence));
            Assert.Equal(2L, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM conversations.turns WHERE conversation_id = @id", ("id", id)));
        }
    }

    [Fact]
    public async Task ConcurrentMessages_GetGaplessSequences_AndAreAllAnsweredInOrder()
    {
        var api = await ConversationsClient.SignInAsync(fixture);
        var bot = await api.PublishedBotAsync(Flows.Content(
            [Flows.Node("start", "start"), Flows.Node("ask", "collect_input", new { prompt = "Say something", inputType = "text", variable = "said" }),
                Flows.Say("echo", "You said {{said}}")],
            [Flows.Edge("start", "next", "ask"), Flows.Edge("ask", "next", "echo"), Flows.Edge("echo", "next", "ask")]));
        var id = (await api.StartAsync(bot)).Conversation!.Id;

        await Task.WhenAll(Enumerable.Range(1, 6).Select(i => Task.Run(() => api.PostAsync(id, $"m{i}"))));

        var all = (await api.WithEngineAsync(e => e.ReadAsync(id, 0, 100, CancellationToken.None)))!;
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all.Select(m => m.Sequence));
        var customer = all.Where(m => m.Author == MessageAuthors.Customer).Select(m => m.Text ?? "").ToList();
        Assert.Equal(6, customer.Count);
        var echoes = all.Where(m => m.Text?.StartsWith("You said", StringComparison.Ordinal) == true).Select(m => m.Text![9..]).ToList();
        Assert.Equal(customer, echoes); // answered once each, in acceptance order
    }

    [Fact]
    public async Task EveryCommit_NotifiesTheConversationsChannel()
    {
        var api = await ConversationsClient.SignInAsync(fixture);
        var bot = await api.PublishedBotAsync(Flows.AskName());
        var notices = new ConcurrentQueue<ConversationNotice>();
        await using var subscription = await fixture.Host.Services.GetRequiredService<IEventBus>().SubscribeAsync(ConversationEvents.Channel, (e, _) =>
        {
            if (!e.Reconnected)
            {
                notices.Enqueue(JsonSerializer.Deserialize<ConversationNotice>(e.Payload, JsonSerializerOptions.Web)!);
            }
            return Task.CompletedTask;
        }, CancellationToken.None);

        var id = (await api.StartAsync(bot)).Conversation!.Id;
        await api.PostAsync(id, "Barbara");

        await Eventually.TrueAsync(() => Task.FromResult(notices.Any(n => n.ConversationId == id && n.LastSequence == 4)), TimeSpan.FromSeconds(10),
            "the notice of the answer arrives");
        var mine = notices.Where(n => n.ConversationId == id).ToList();
        Assert.All(mine, n => Assert.Equal(api.Tenant.Id, n.TenantId));
        Assert.Contains(mine, n => n.Type == ConversationEvents.Started && n.LastSequence == 2);
        Assert.Contains(mine, n => n.Type == ConversationEvents.MessageCreated && n.LastSequence == 3);
    }

    [Fact]
    public async Task EventSinks_GetStartedAndMessageEvents_InTheTransaction()
    {
        var api = await ConversationsClient.SignInAsync(fixture);
        var bot = await api.PublishedBotAsync(Flows.AskName());
        var id = (await api.StartAsync(bot)).Conversation!.Id;
        await api.PostAsync(id, "Edsger");

        var events = fixture.Captured.Of(id);
        Assert.Equal([ConversationEvents.Started, ConversationEvents.MessageCreated, ConversationEvents.MessageCreated, ConversationEvents.MessageCreated,
            ConversationEvents.MessageCreated], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal((api.Tenant.Id, bot, "widget"), (e.TenantId, e.BotId, e.Channel)));
        Assert.Equal("Thanks Edsger!", events[^1].Data["text"]!.GetValue<string>());
        Assert.Equal(4, events[^1].Data["sequence"]!.GetValue<long>());
    }

    [Fact]
    public async Task Handoff_SetsHandedOff_EmitsTheRequest_AndStillStoresCustomerMessages()
    {
        var api = await ConversationsClient.SignInAsync(fixture);
        var bot = await api.PublishedBotAsync(Flows.HandOff());
        var started = await api.StartAsync(bot);
        var id = started.Conversation!.Id;
        Assert.Equal(ConversationStatuses.HandedOff, started.Conversation.Status);
        Assert.Equal(["Hi", "Connecting you to an agent..."], Texts(started.Messages));

        var handoff = Assert.Single(fixture.Captured.Of(id), e => e.Type == ConversationEvents.HandoffRequested);
        Assert.Equal(("billing", "high", "agent"), (handoff.Data["queue"]!.GetValue<string>(), handoff.Data["priority"]!.GetValue<string>(),
            handoff.Data["nodeId"]!.GetValue<string>()));

        var posted = await api.PostAsync(id, "Hello? Anyone?");
        Assert.Equal(AcceptStatus.Accepted, posted.Status);
        Assert.Empty(posted.Replies);
        var summary = await api.WithEngineAsync(e => e.FindAsync(id, CancellationToken.None));
        Assert.Equal((ConversationStatuses.HandedOff, 3L), (summary!.Status, summary.LastSequence));
    }

    [Fact]
    public async Task ADelay_IsResumedByItsTimerJob()
    {
        var api = await ConversationsClient.SignInAsync(fixture);
        var bot = await api.PublishedBotAsync(Flows.Delayed(1));
        var started = await api.StartAsync(bot);
        Assert.Equal(["Let me check..."], Texts(started.Messages));
        var id = started.Conversation!.Id;

        await Eventually.TrueAsync(async () => (await api.WithEngineAsync(e => e.ReadAsync(id, 1, 10, CancellationToken.None)))!.Count > 0,
            TimeSpan.FromSeconds(30), "the timer job resumes the Delay");
        var after = await api.WithEngineAsync(e => e.ReadAsync(id, 1, 10, CancellationToken.None));
        Assert.Equal(["Done checking."], Texts(after!));
        Assert.Equal(2, after![0].Sequence);
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM conversations.turns WHERE conversation_id = @id AND inbound_kind = 'timer'", ("id", id)));
    }

    [Fact]
    public async Task AnotherTenant_CannotReadOrPostOrCloseTheConversation()
    {
        var owner = await ConversationsClient.SignInAsync(fixture);
        var other = await ConversationsClient.SignInAsync(fixture);
        var bot = await owner.PublishedBotAsync(Flows.AskName());
        var id = (await owner.StartAsync(bot)).Conversation!.Id;

        Assert.Null(await other.WithEngineAsync(e => e.FindAsync(id, CancellationToken.None)));
        Assert.Null(await other.WithEngineAsync(e => e.ReadAsync(id, 0, 10, CancellationToken.None)));
        Assert.Equal(AcceptStatus.NotFound, (await other.PostAsync(id, "intruder")).Status);
        Assert.False(await other.WithEngineAsync(e => e.CloseAsync(id, "hijack", CancellationToken.None)));
        Assert.Equal(StartStatus.BotNotAvailable, (await other.StartAsync(bot)).Status);
        Assert.Equal(2, (await owner.WithEngineAsync(e => e.ReadAsync(id, 0, 10, CancellationToken.None)))!.Count);
    }

    [Fact]
    public async Task Close_RefusesLaterMessages_AndFeedbackIsRecordedOnBotMessagesOnly()
    {
        var api = await ConversationsClient.SignInAsync(fixture);
        var bot = await api.PublishedBotAsync(Flows.AskName());
        var started = await api.StartAsync(bot);
        var id = started.Conversation!.Id;
        var posted = await api.PostAsync(id, "Ken");

        Assert.Equal(FeedbackStatus.Recorded, await api.WithEngineAsync(e => e.RecordFeedbackAsync(id, posted.Replies[0].Id, new MessageFeedback("up", "nice"), CancellationToken.None)));
        Assert.Equal(FeedbackStatus.NotRateable, await api.WithEngineAsync(e => e.RecordFeedbackAsync(id, posted.Message!.Id, new MessageFeedback("down", null), CancellationToken.None)));
        Assert.Equal(FeedbackStatus.NotFound, await api.WithEngineAsync(e => e.RecordFeedbackAsync(id, Guid.NewGuid(), new MessageFeedback("up", null), CancellationToken.None)));
        Assert.Equal("up", (await api.WithEngineAsync(e => e.ReadAsync(id, 3, 1, CancellationToken.None)))![0].Feedback);

        Assert.True(await api.WithEngineAsync(e => e.CloseAsync(id, "ended_by_channel", CancellationToken.None)));
        Assert.Equal(AcceptStatus.Closed, (await api.PostAsync(id, "still there?")).Status);
        var summary = await api.WithEngineAsync(e => e.FindAsync(id, CancellationToken.None));
        Assert.Equal((ConversationStatuses.Closed, "ended_by_channel"), (summary!.Status, summary.ClosedReason));
        var types = fixture.Captured.Of(id).Select(e => e.Type).ToList();
        Assert.Contains(ConversationEvents.Feedback, types);
        Assert.Equal(ConversationEvents.Closed, types[^1]);
    }
}
