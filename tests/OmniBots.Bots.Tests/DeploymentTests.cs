using System.Net;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Bots.Tests;

public sealed class DeploymentTests(DeploymentTests.Fixture fixture) : IClassFixture<DeploymentTests.Fixture>
{
    public sealed class Fixture : IdentityFixture;

    [Fact]
    public async Task Create_GeneratesAHighEntropyUniqueKey_AndNormalisesOrigins()
    {
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        var bot = await api.CreateBotAsync();
        var first = await api.JsonAsync(HttpMethod.Post, $"/api/v1/bots/{bot}/deployments",
            new { name = "Website", allowedOrigins = Flows.Strings("HTTPS://Shop.Example.com", "https://shop.example.com:443", "http://localhost:5173") },
            HttpStatusCode.Created);
        var second = await api.JsonAsync(HttpMethod.Post, $"/api/v1/bots/{bot}/deployments", new { name = "Help centre" }, HttpStatusCode.Created);

        var key = first.GetProperty("deploymentKey").GetString()!;
        Assert.Matches("^dk_[A-Za-z0-9_-]{43}$", key); // 32 random bytes, base64url
        Assert.NotEqual(key, second.GetProperty("deploymentKey").GetString());
        Assert.Equal(["https://shop.example.com", "http://localhost:5173"], first.GetProperty("allowedOrigins").EnumerateArray().Select(o => o.GetString()));
        Assert.False(first.GetProperty("allowAnyOrigin").GetBoolean());
        Assert.True(first.GetProperty("enabled").GetBoolean());
        Assert.Equal("widget", first.GetProperty("channel").GetString());
        var list = await api.JsonAsync(HttpMethod.Get, $"/api/v1/bots/{bot}/deployments");
        Assert.Equal(2, list.GetArrayLength());
    }

    [Theory]
    [InlineData("*")]
    [InlineData("https://*.example.com")]
    [InlineData("example.com")]
    [InlineData("ftp://example.com")]
    [InlineData("https://example.com/path")]
    [InlineData("https://example.com/")]
    [InlineData("https://example.com?x=1")]
    [InlineData("https://user:pw@example.com")]
    public async Task Origins_ThatAreNotSchemeHostPort_AreRefused(string origin)
    {
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        var bot = await api.CreateBotAsync();
        var problem = await api.ProblemAsync(HttpMethod.Post, $"/api/v1/bots/{bot}/deployments", new { name = "w", allowedOrigins = new[] { origin } },
            HttpStatusCode.BadRequest);
        Assert.Equal(["allowedOrigins"], Api.ErrorFields(problem));
    }

    [Fact]
    public async Task AnyOrigin_IsAnExplicitFlag_AndUpdateRotateDeleteWork()
    {
        var api = await BotsClient.SignInAsync(fixture, fixture.Data);
        var bot = await api.CreateBotAsync();
        var created = await api.JsonAsync(HttpMethod.Post, $"/api/v1/bots/{bot}/deployments", new { name = "Any", allowAnyOrigin = true }, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        Assert.True(created.GetProperty("allowAnyOrigin").GetBoolean());

        var updated = await api.JsonAsync(HttpMethod.Patch, $"/api/v1/bots/{bot}/deployments/{id}",
            new { allowAnyOrigin = false, allowedOrigins = Flows.Strings("https://a.example"), enabled = false });
        Assert.False(updated.GetProperty("allowAnyOrigin").GetBoolean());
        Assert.False(updated.GetProperty("enabled").GetBoolean());
        Assert.Equal("Any", updated.GetProperty("name").GetString());

        var rotated = await api.JsonAsync(HttpMethod.Post, $"/api/v1/bots/{bot}/deployments/{id}/rotate-key");
        Assert.NotEqual(created.GetProperty("deploymentKey").GetString(), rotated.GetProperty("deploymentKey").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await api.SendAsync(HttpMethod.Delete, $"/api/v1/bots/{bot}/deployments/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.SendAsync(HttpMethod.Get, $"/api/v1/bots/{bot}/deployments/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.SendAsync(HttpMethod.Post, $"/api/v1/bots/{Guid.NewGuid()}/deployments", new { name = "x" })).StatusCode);
    }
}
