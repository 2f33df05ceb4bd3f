using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Conversations.Contracts;
using OmniBots.Identity.Contracts;
using OmniBots.Platform.Tenancy;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Channels.Tests;

public sealed class RestChannelTests(WebhookFixture fixture) : IClassFixture<WebhookFixture>
{
    private const string Base = "/api/v1/channels/rest/conversations";
    private readonly HttpClient _client = fixture.Host.CreateClient();

    private sealed record Setup(ChannelsTestTenant Tenant, Guid Bot);

    private async Task<Setup> SetupAsync()
    {
        var tenant = await ChannelsTestTenant.CreateAsync(fixture, _client,
            Permissions.Conversations.Read, Permissions.Conversations.Write, Permissions.Integrations.Read, Permissions.Integrations.Write);
        return new Setup(tenant, await RestBots.PublishedAsync(_client, tenant.AdminToken, RestBots.AskName()));
    }

    private async Task<Guid> StartAsync(Setup setup)
        => (await setup.Tenant.JsonAsync(_client, HttpMethod.Post, Base, new { botId = setup.Bot }, HttpStatusCode.Created))
            .GetProperty("conversation").GetProperty("id").GetGuid();

    private static string[] Texts(JsonElement messages) => [.. messages.EnumerateArray().Select(m => m.GetProperty("text").GetString() ?? "")];

    [Fact]
    public async Task Starting_returns_the_greeting_and_sending_returns_the_bots_replies()
    {
        var setup = await SetupAsync();
        var started = await setup.Tenant.JsonAsync(_client, HttpMethod.Post, Base, new
        {
            botId = setup.Bot, customer = new { externalId = "crm-42", name = "Ada L." }, language = "en", variables = new Dictionary<string, string> { ["plan"] = "gold" },
        }, HttpStatusCode.Created);
        var conversation = started.GetProperty("conversation");
        Assert.Equal("rest", conversation.GetProperty("channel").GetString());
        Assert.Equal("crm-42", conversation.GetProperty("customerExternalId").GetString());
        Assert.Equal("en", conversation.GetProperty("language").GetString());
        Assert.Equal(["Hello! I am the support bot.", "What is your name?"], Texts(started.GetProperty("messages")));
        var id = conversation.GetProperty("id").GetGuid();

        var posted = await setup.Tenant.JsonAsync(_client, HttpMethod.Post, $"{Base}/{id}/messages", new { clientMessageId = "m-1", text = "Ada" }, HttpStatusCode.Created);
        Assert.False(posted.GetProperty("duplicate").GetBoolean());
        Assert.Equal(3, posted.GetProperty("message").GetProperty("sequence").GetInt64());
        Assert.Equal("customer", posted.GetProperty("message").GetProperty("author").GetString());
        Assert.Equal("m-1", posted.GetProperty("message").GetProperty("clientMessageId").GetString());
        Assert.Equal(["Thanks Ada!"], Texts(posted.GetProperty("replies")));

        var history = await setup.Tenant.JsonAsync(_client, HttpMethod.Get, $"{Base}/{id}/messages", null, HttpStatusCode.OK);
        Assert.Equal([1L, 2L, 3L, 4L], history.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("sequence").GetInt64()));
        Assert.Equal(4, history.GetProperty("lastSequence").GetInt64());
        var page = await setup.Tenant.JsonAsync(_client, HttpMethod.Get, $"{Base}/{id}/messages?afterSeq=2&limit=1", null, HttpStatusCode.OK);
        Assert.Equal(["Ada"], Texts(page.GetProperty("messages")));
        Assert.Equal(3, page.GetProperty("lastSequence").GetInt64());
    }

    [Fact]
    public async Task A_resent_client_message_id_returns_the_original_and_its_replies_without_processing_it_again()
    {
        var setup = await SetupAsync();
        var id = await StartAsync(setup);
        var first = await setup.Tenant.JsonAsync(_client, HttpMethod.Post, $"{Base}/{id}/messages", new { clientMessageId = "same", text = "Ada" }, HttpStatusCode.Created);

        var again = await setup.Tenant.JsonAsync(_client, HttpMethod.Post, $"{Base}/{id}/messages", new { clientMessageId = "same", text = "Ada" }, HttpStatusCode.OK);

        Assert.True(again.GetProperty("duplicate").GetBoolean());
        Assert.Equal(first.GetProperty("message").GetProperty("id").GetGuid(), again.GetProperty("message").GetProperty("id").GetGuid());
        Assert.Equal(["Thanks Ada!"], Texts(again.GetProperty("replies")));
        var history = await setup.Tenant.JsonAsync(_client, HttpMethod.Get, $"{Base}/{id}/messages", null, HttpStatusCode.OK);
        Assert.Equal(4, history.GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public async Task Bad_requests_are_problems_naming_the_field()
    {
        var setup = await SetupAsync();
        var id = await StartAsync(setup);

        async Task<string[]> FieldsAsync(HttpMethod method, string path, object body, HttpStatusCode status)
            => [.. Api.ErrorFields(await Api.ProblemAsync(await setup.Tenant.SendAsync(_client, method, path, body), status))];

        Assert.Equal(["clientMessageId"], await FieldsAsync(HttpMethod.Post, $"{Base}/{id}/messages", new { text = "hi" }, HttpStatusCode.BadRequest));
        Assert.Equal(["text"], await FieldsAsync(HttpMethod.Post, $"{Base}/{id}/messages", new { clientMessageId = "x", text = new string('a', 4001) }, HttpStatusCode.BadRequest));
        Assert.Equal(["text"], await FieldsAsync(HttpMethod.Post, $"{Base}/{id}/messages", new { clientMessageId = "x" }, HttpStatusCode.BadRequest));
        Assert.Equal(["botId"], await FieldsAsync(HttpMethod.Post, Base, new { language = "en" }, HttpStatusCode.BadRequest));
        Assert.Equal(["botId"], await FieldsAsync(HttpMethod.Post, Base, new { botId = Guid.NewGuid() }, HttpStatusCode.NotFound));
        Assert.Equal(["id"], await FieldsAsync(HttpMethod.Post, $"{Base}/{Guid.NewGuid()}/messages", new { clientMessageId = "x", text = "hi" }, HttpStatusCode.NotFound));
        Assert.Equal(["afterSeq"], Api.ErrorFields(await Api.ProblemAsync(await setup.Tenant.SendAsync(_client, HttpMethod.Get, $"{Base}/{id}/messages?afterSeq=-1"), HttpStatusCode.BadRequest)));
    }

    [Fact]
    public async Task A_closed_conversation_refuses_new_messages_with_409()
    {
        var setup = await SetupAsync();
        var id = await StartAsync(setup);

        var closed = await setup.Tenant.JsonAsync(_client, HttpMethod.Post, $"{Base}/{id}/close", null, HttpStatusCode.OK);
        Assert.Equal(ConversationStatuses.Closed, closed.GetProperty("status").GetString());
        Assert.Equal("closed_by_api", closed.GetProperty("closedReason").GetString());

        var problem = await Api.ProblemAsync(await setup.Tenant.SendAsync(_client, HttpMethod.Post, $"{Base}/{id}/messages", new { clientMessageId = "late", text = "hello?" }),
            HttpStatusCode.Conflict);
        Assert.Equal(["id"], Api.ErrorFields(problem));
        Assert.Equal(HttpStatusCode.OK, (await setup.Tenant.SendAsync(_client, HttpMethod.Get, $"{Base}/{id}/messages")).StatusCode);
    }

    [Fact]
    public async Task Another_tenants_key_cannot_reach_the_conversation()
    {
        var a = await SetupAsync();
        var b = await SetupAsync();
        var id = await StartAsync(a);

        Assert.Equal(HttpStatusCode.NotFound, (await b.Tenant.SendAsync(_client, HttpMethod.Get, $"{Base}/{id}/messages")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.Tenant.SendAsync(_client, HttpMethod.Post, $"{Base}/{id}/messages", new { clientMessageId = "x", text = "hi" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.Tenant.SendAsync(_client, HttpMethod.Post, $"{Base}/{id}/close")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.Tenant.SendAsync(_client, HttpMethod.Post, Base, new { botId = a.Bot })).StatusCode);
        Assert.Equal(2, (await a.Tenant.JsonAsync(_client, HttpMethod.Get, $"{Base}/{id}/messages", null, HttpStatusCode.OK)).GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public async Task The_api_needs_the_conversations_permissions_and_serves_signed_in_staff_too()
    {
        var setup = await SetupAsync();
        var id = await StartAsync(setup);
        var readOnly = await ChannelsTestTenant.CreateKeyAsync(_client, setup.Tenant.AdminToken, Permissions.Conversations.Read);

        Assert.Equal(HttpStatusCode.OK, (await Api.SendWithApiKeyAsync(_client, HttpMethod.Get, $"{Base}/{id}/messages", readOnly)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Api.SendWithApiKeyAsync(_client, HttpMethod.Post, $"{Base}/{id}/messages", readOnly, new { clientMessageId = "x", text = "hi" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Api.SendWithApiKeyAsync(_client, HttpMethod.Post, Base, readOnly, new { botId = setup.Bot })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.GetAsync(Api.Url($"{Base}/{id}/messages"))).StatusCode);

        var staff = await Api.JsonAsync(await Api.SendWithBearerAsync(_client, HttpMethod.Post, $"{Base}/{id}/messages", setup.Tenant.AdminToken,
            new { clientMessageId = "staff-1", text = "Grace" }), HttpStatusCode.Created);
        Assert.Equal(["Thanks Grace!"], Texts(staff.GetProperty("replies")));
    }

    [Fact]
    public async Task Conversations_of_other_channels_are_not_reachable_here()
    {
        var setup = await SetupAsync();
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(setup.Tenant.Tenant.Id);
        var widget = await scope.ServiceProvider.GetRequiredService<IConversationEngine>()
            .StartAsync(new StartConversation(setup.Bot, "widget"), CancellationToken.None);

        Assert.Equal(HttpStatusCode.NotFound, (await setup.Tenant.SendAsync(_client, HttpMethod.Get, $"{Base}/{widget.Conversation!.Id}/messages")).StatusCode);
    }

    [Fact]
    public async Task A_rest_message_reaches_the_tenants_webhook_as_a_signed_message_created_event()
    {
        var setup = await SetupAsync();
        var path = $"e2e/{Guid.NewGuid():N}";
        var created = await setup.Tenant.JsonAsync(_client, HttpMethod.Post, "/api/v1/webhooks",
            new { url = fixture.Receiver.UrlFor(path).ToString(), eventTypes = new[] { ConversationEvents.MessageCreated } }, HttpStatusCode.Created);
        fixture.Receiver.SetSecret(path, created.GetProperty("secret").GetString()!);
        var id = await StartAsync(setup);

        var posted = await setup.Tenant.JsonAsync(_client, HttpMethod.Post, $"{Base}/{id}/messages", new { clientMessageId = "hook-1", text = "Ada" }, HttpStatusCode.Created);

        // Greeting (2) + the customer's message + the reply: four message.created events.
        await Eventually.TrueAsync(() => Task.FromResult(fixture.Receiver.ReceivedAt(path).Count >= 4), TimeSpan.FromSeconds(20), "four events arrive");
        var received = fixture.Receiver.ReceivedAt(path);
        Assert.Equal(4, received.Count);
        Assert.All(received, r => Assert.True(r.SignatureValid, r.VerificationError));
        var bodies = received.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.All(bodies, b => Assert.Equal(ConversationEvents.MessageCreated, b.GetProperty("type").GetString()));
        Assert.All(bodies, b => Assert.Equal(id, b.GetProperty("conversationId").GetGuid()));
        Assert.All(bodies, b => Assert.Equal("rest", b.GetProperty("channel").GetString()));
        Assert.All(bodies, b => Assert.Equal(setup.Bot, b.GetProperty("botId").GetGuid()));
        var customer = Assert.Single(bodies, b => b.GetProperty("data").GetProperty("author").GetString() == "customer");
        Assert.Equal("Ada", customer.GetProperty("data").GetProperty("text").GetString());
        Assert.Equal(posted.GetProperty("message").GetProperty("id").GetGuid(), customer.GetProperty("data").GetProperty("id").GetGuid());
        Assert.Contains(bodies, b => b.GetProperty("data").GetProperty("text").GetString() == "Thanks Ada!");
    }
}
