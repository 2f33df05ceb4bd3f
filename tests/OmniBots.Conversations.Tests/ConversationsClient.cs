using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Conversations.Contracts;
using OmniBots.Platform.Tenancy;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Conversations.Tests;

/// <summary>A signed-in tenant admin: creates bots and versions through the bots HTTP API, and engine scopes of its tenant.</summary>
internal sealed class ConversationsClient(HostFixture fixture, HttpClient client, string token, TestTenant tenant)
{
    public TestTenant Tenant => tenant;

    public static async Task<ConversationsClient> SignInAsync(IdentityFixture fixture)
    {
        var (tenant, user) = await fixture.Data.CreateTenantWithUserAsync(OmniBots.Identity.Contracts.SystemRoles.TenantAdmin);
        var client = fixture.Host.CreateClient();
        return new ConversationsClient(fixture, client, (await Api.SignInForTokensAsync(client, user)).AccessToken, tenant);
    }

    /// <summary>Another user of <paramref name="tenant"/> with <paramref name="userType"/>.</summary>
    public static async Task<ConversationsClient> SignInAsync(IdentityFixture fixture, TestTenant tenant, string userType)
    {
        var user = await fixture.Data.CreateUserAsync(tenant, userType);
        var client = fixture.Host.CreateClient();
        return new ConversationsClient(fixture, client, (await Api.SignInForTokensAsync(client, user)).AccessToken, tenant);
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, string? ifMatch = null)
        => Api.SendAsync(client, method, path, body, request =>
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            if (ifMatch is not null)
            {
                request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            }
        });

    public async Task<JsonElement> JsonAsync(HttpMethod method, string path, object? body = null, HttpStatusCode expected = HttpStatusCode.OK, string? ifMatch = null)
        => await Api.JsonAsync(await SendAsync(method, path, body, ifMatch), expected);

    public async Task<JsonElement> ProblemAsync(HttpMethod method, string path, object? body, HttpStatusCode expected)
        => await Api.ProblemAsync(await SendAsync(method, path, body), expected);

    public async Task<Guid> CreateBotAsync(object? settings = null)
        => (await JsonAsync(HttpMethod.Post, "/api/v1/bots", settings ?? new { name = "Support bot" }, HttpStatusCode.Created)).GetProperty("id").GetGuid();

    public async Task SaveDraftAsync(Guid bot, int number, object content)
    {
        var response = await SendAsync(HttpMethod.Get, $"/api/v1/bots/{bot}/versions/{number}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await JsonAsync(HttpMethod.Put, $"/api/v1/bots/{bot}/versions/{number}", content, ifMatch: response.Headers.ETag!.ToString());
    }

    /// <summary>A bot whose version 1 holds <paramref name="content"/>, published.</summary>
    public async Task<Guid> PublishedBotAsync(object content, object? settings = null)
    {
        var bot = await CreateBotAsync(settings);
        await SaveDraftAsync(bot, 1, content);
        await JsonAsync(HttpMethod.Post, $"/api/v1/bots/{bot}/versions/1/publish", new { label = "v1" });
        return bot;
    }

    /// <summary>A DI scope of this tenant, as a channel that resolved the tenant would have.</summary>
    public AsyncServiceScope Scope()
    {
        var scope = fixture.Host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(tenant.Id);
        return scope;
    }

    public async Task<T> WithEngineAsync<T>(Func<IConversationEngine, Task<T>> work)
    {
        await using var scope = Scope();
        return await work(scope.ServiceProvider.GetRequiredService<IConversationEngine>());
    }

    public Task<StartResult> StartAsync(Guid bot, string channel = "widget")
        => WithEngineAsync(e => e.StartAsync(new StartConversation(bot, channel), CancellationToken.None));

    public Task<PostResult> PostAsync(Guid conversation, string text, string? clientId = null)
        => WithEngineAsync(e => e.PostAsync(conversation, new InboundMessage(clientId ?? Guid.NewGuid().ToString("N"), InboundKinds.Text, text),
            CancellationToken.None));
}
