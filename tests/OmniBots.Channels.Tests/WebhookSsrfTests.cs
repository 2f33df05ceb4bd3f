using System.Net;
using OmniBots.Conversations.Contracts;
using OmniBots.Identity.Contracts;
using Xunit;

namespace OmniBots.Channels.Tests;

/// <summary>With the defaults (no Channels:Webhooks:AllowPrivateNetworks): https only, and no delivery to a private address.</summary>
public sealed class WebhookSsrfTests(IdentityFixture fixture) : IClassFixture<IdentityFixture>
{
    private readonly HttpClient _client = fixture.Host.CreateClient();

    [Fact]
    public async Task Plain_http_urls_are_refused()
    {
        var tenant = await ChannelsTestTenant.CreateAsync(fixture, _client, Permissions.Integrations.Write);
        var problem = await Api.ProblemAsync(await tenant.SendAsync(_client, HttpMethod.Post, "/api/v1/webhooks",
            new { url = "http://example.com/hook", eventTypes = ConversationEvents.All }), HttpStatusCode.BadRequest);
        Assert.Equal(["url"], Api.ErrorFields(problem));
    }

    [Theory]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://10.1.2.3/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://[::1]/hook")]
    public async Task Urls_naming_a_private_address_are_refused_at_once(string url)
    {
        var tenant = await ChannelsTestTenant.CreateAsync(fixture, _client, Permissions.Integrations.Write);
        var problem = await Api.ProblemAsync(await tenant.SendAsync(_client, HttpMethod.Post, "/api/v1/webhooks",
            new { url, eventTypes = ConversationEvents.All }), HttpStatusCode.BadRequest);
        Assert.Equal(["url"], Api.ErrorFields(problem));
    }

    [Fact]
    public async Task A_url_that_resolves_to_loopback_is_never_called()
    {
        var tenant = await ChannelsTestTenant.CreateAsync(fixture, _client, Permissions.Integrations.Write, Permissions.Integrations.Read);
        var created = await tenant.JsonAsync(_client, HttpMethod.Post, "/api/v1/webhooks",
            new { url = "https://localhost:9/hook", eventTypes = ConversationEvents.All }, HttpStatusCode.Created);
        var id = created.GetProperty("webhook").GetProperty("id").GetGuid();

        var ping = await tenant.JsonAsync(_client, HttpMethod.Post, $"/api/v1/webhooks/{id}/test", null, HttpStatusCode.OK);

        Assert.False(ping.GetProperty("succeeded").GetBoolean());
        Assert.Contains("private or loopback", ping.GetProperty("error").GetString(), StringComparison.Ordinal);
        var logged = Assert.Single((await tenant.JsonAsync(_client, HttpMethod.Get, $"/api/v1/webhooks/{id}/deliveries", null, HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal("failed", logged.GetProperty("status").GetString());
    }
}
