using System.Net;
using OmniBots.Identity.Contracts;
using OmniBots.Testing;
using Xunit;
using static OmniBots.Testing.Identity.Api;

namespace OmniBots.Identity.Tests.Sessions;

/// <summary>Two replicas over one database: what one revokes, the other refuses without a restart.</summary>
public sealed class ReplicaTests(ReplicaTests.Fixture fixture) : IClassFixture<ReplicaTests.Fixture>
{
    /// <summary>Re-implements IAsyncLifetime so the second replica starts after (and stops before) the first.</summary>
    public sealed class Fixture : IdentityFixture, IAsyncLifetime
    {
        public OmniBotsHostFactory Second { get; private set; } = null!;

        public new async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Second = new OmniBotsHostFactory(Database, new HostSettings { Roles = "web" });
            await Second.StartAsync();
        }

        public new async Task DisposeAsync()
        {
            await Second.DisposeAsync();
            await base.DisposeAsync();
        }
    }

    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(5);
    private static readonly string[] BotsRead = [Permissions.Bots.Read];

    [Fact]
    public async Task ASessionSignedOutOnOneReplica_IsRefusedOnTheOther()
    {
        var (_, user) = await fixture.Data.CreateTenantWithUserAsync();
        var first = fixture.Host.CreateClient();
        var second = fixture.Second.CreateClient();
        var tokens = await SignInForTokensAsync(first, user);
        await JsonAsync(await SendWithBearerAsync(second, HttpMethod.Get, "/api/v1/me", tokens.AccessToken), HttpStatusCode.OK);

        await SendWithBearerAsync(second, HttpMethod.Post, "/api/v1/auth/sign-out", tokens.AccessToken);

        await Eventually.TrueAsync(async () => (await SendWithBearerAsync(first, HttpMethod.Get, "/api/v1/me", tokens.AccessToken)).StatusCode == HttpStatusCode.Unauthorized,
            Propagation, "the first replica refuses the revoked session");
    }

    [Fact]
    public async Task AKeyRevokedOnOneReplica_IsRefusedOnTheOther_EvenWhileCachedThere()
    {
        var (_, admin) = await fixture.Data.CreateTenantWithUserAsync();
        var first = fixture.Host.CreateClient();
        var second = fixture.Second.CreateClient();
        var token = (await SignInForTokensAsync(second, admin)).AccessToken;
        var created = await JsonAsync(await SendWithBearerAsync(second, HttpMethod.Post, "/api/v1/api-keys", token,
            new { name = "replicated", permissions = BotsRead }), HttpStatusCode.Created);
        var key = created.GetProperty("key").GetString()!;
        await JsonAsync(await SendWithApiKeyAsync(first, HttpMethod.Get, "/_test/identity/bots", key), HttpStatusCode.OK);

        await SendWithBearerAsync(second, HttpMethod.Delete, $"/api/v1/api-keys/{created.GetProperty("apiKey").GetProperty("id").GetGuid()}", token);

        await Eventually.TrueAsync(async () => (await SendWithApiKeyAsync(first, HttpMethod.Get, "/_test/identity/bots", key)).StatusCode == HttpStatusCode.Unauthorized,
            Propagation, "the first replica refuses the revoked key");
    }

    [Fact]
    public async Task ARoleChangeAnnouncedOnOneReplica_AppliesOnTheOther()
    {
        var tenant = await fixture.Data.CreateTenantAsync();
        var user = await fixture.Data.CreateUserAsync(tenant, SystemRoles.Viewer);
        var first = fixture.Host.CreateClient();
        var tokens = await SignInForTokensAsync(first, user);
        await JsonAsync(await SendWithBearerAsync(first, HttpMethod.Get, "/_test/identity/bots", tokens.AccessToken), HttpStatusCode.OK);

        await fixture.Database.ExecuteAsync("DELETE FROM identity.user_roles WHERE user_id = @id", ("id", user.Id));
        await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IAccessChanges>(fixture.Second.Services)
            .UserChangedAsync(tenant.Id, user.Id, null, CancellationToken.None);

        await Eventually.TrueAsync(async () => (await SendWithBearerAsync(first, HttpMethod.Get, "/_test/identity/bots", tokens.AccessToken)).StatusCode == HttpStatusCode.Forbidden,
            Propagation, "the first replica drops the removed role");
    }
}
