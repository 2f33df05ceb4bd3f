using System.Net;
using OmniBots.Fakes;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Tests.Registry;
using OmniBots.Testing.Identity;
using Xunit;

namespace OmniBots.Gateway.Tests.Routing;

/// <summary>The default (<c>Gateway:AllowPrivateNetworks</c> off): the fixture's settings without that line.</summary>
public sealed class PrivateNetworksRefusedFixture : GatewayRegistryFixture
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings =>
        base.ExtraSettings.Where(s => s.Key != "Gateway:AllowPrivateNetworks").ToDictionary();
}

/// <summary>SSRF: a tenant admin must not be able to make the gateway call loopback or private addresses.</summary>
public sealed class TenantEndpointNetworkTests(PrivateNetworksRefusedFixture fixture) : IClassFixture<PrivateNetworksRefusedFixture>, IAsyncLifetime
{
    private FakeOpenAiServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task A_tenant_endpoint_on_a_loopback_address_is_refused_but_a_platform_one_is_served()
    {
        var model = await fixture.RouteOverAsync(_fake);
        var (tenant, admin) = await fixture.Data.CreateTenantWithUserAsync();
        using var client = fixture.Host.CreateClient();
        var token = (await Api.SignInForTokensAsync(client, admin)).AccessToken;
        var own = await Api.JsonAsync(await Api.SendWithBearerAsync(client, HttpMethod.Post, "/api/v1/gateway/endpoints", token, new
        {
            name = "internal",
            provider = "openai",
            baseUrl = _fake.BaseUrl.ToString(),
            credentials = new Dictionary<string, string> { ["api_key"] = FakeOpenAiServer.ApiKey },
            models = new[] { new { model } },
        }), HttpStatusCode.Created);
        var requestsBefore = _fake.Requests.Count;

        var platformServed = await fixture.Router.ChatAsync((await fixture.Data.CreateTenantAsync()).Id, GatewayRegistryFixture.Question(model), CancellationToken.None);
        await Api.JsonAsync(await Api.SendWithBearerAsync(client, HttpMethod.Put, $"/api/v1/gateway/routes/{model}", token,
            new { endpoints = new[] { own.GetProperty("id").GetGuid() } }), HttpStatusCode.OK);
        var refused = await Assert.ThrowsAsync<LlmProviderException>(() => fixture.Router.ChatAsync(tenant.Id, GatewayRegistryFixture.Question(model), CancellationToken.None));

        Assert.Equal($"{model}-a", platformServed.Route.Endpoint);
        Assert.Equal(requestsBefore + 1, _fake.Requests.Count);
        Assert.All(refused.Route!.Attempts, a => Assert.Contains("private or loopback", a.Reason, StringComparison.Ordinal));
    }
}
