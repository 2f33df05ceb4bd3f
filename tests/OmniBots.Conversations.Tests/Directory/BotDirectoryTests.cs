using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Bots.Contracts;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Conversations.Tests.Directory;

public sealed class BotDirectoryTests(BotDirectoryTests.Fixture fixture) : IClassFixture<BotDirectoryTests.Fixture>
{
    public sealed class Fixture : IdentityFixture;

    private static readonly string[] Origins = ["https://shop.example"];

    private static async Task<T> WithDirectoryAsync<T>(ConversationsClient api, Func<IBotDirectory, Task<T>> work)
    {
        await using var scope = api.Scope();
        return await work(scope.ServiceProvider.GetRequiredService<IBotDirectory>());
    }

    [Fact]
    public async Task ADeploymentKey_IsFoundAcrossTenants_AndARotatedKeyStopsWorkingWithinSeconds()
    {
        var api = await ConversationsClient.SignInAsync(fixture);
        var bot = await api.PublishedBotAsync(Flows.AskName());
        var created = await api.JsonAsync(HttpMethod.Post, $"/api/v1/bots/{bot}/deployments",
            new { name = "Shop", allowedOrigins = Origins }, HttpStatusCode.Created);
        var key = created.GetProperty("deploymentKey").GetString()!;
        await using var scope = fixture.Host.Services.CreateAsyncScope(); // no tenant in this scope: a widget before it knows one
        var directory = scope.ServiceProvider.GetRequiredService<IBotDirectory>();

        var found = await directory.FindDeploymentAsync(key, CancellationToken.None);
        Assert.NotNull(found);
        Assert.Equal((api.Tenant.Id, bot, created.GetProperty("id").GetGuid(), true), (found.TenantId, found.BotId, found.DeploymentId, found.Enabled));
        Assert.True(found.AllowsOrigin("https://shop.example/"));
        Assert.False(found.AllowsOrigin("https://evil.example"));
        Assert.Null(await directory.FindDeploymentAsync("dk_" + new string('x', 43), CancellationToken.None));

        var rotated = await api.JsonAsync(HttpMethod.Post, $"/api/v1/bots/{bot}/deployments/{found.DeploymentId}/rotate-key");
        var newKey = rotated.GetProperty("deploymentKey").GetString()!;
        Assert.NotNull(await directory.FindDeploymentAsync(newKey, CancellationToken.None));
        await Eventually.TrueAsync(async () => await directory.FindDeploymentAsync(key, CancellationToken.None) is null, TimeSpan.FromSeconds(10),
            "the old key stops working");
    }

    [Fact]
    public async Task LoadAsync_GivesTheChosenVersion_WithItsReusableFlowsAndManagedPrompts()
    {
        var api = await ConversationsClient.SignInAsync(fixture);
        var shared = (await api.JsonAsync(HttpMethod.Post, "/api/v1/flows", new
        {
            name = "Shared goodbye",
            graph = new
            {
                nodes = new[] { Flows.Node("start", "start"), Flows.Say("bye", "From the shared flow") },
                edges = new[] { Flows.Edge("start", "next", "bye") },
            },
        }, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var prompt = (await api.JsonAsync(HttpMethod.Post, "/api/v1/prompts", new { key = "tone", name = "Tone", text = "Be brief." }, HttpStatusCode.Created))
            .GetProperty("prompt").GetProperty("id").GetGuid();
        await api.JsonAsync(HttpMethod.Post, $"/api/v1/prompts/{prompt}/versions", new { text = "Be very brief." }, HttpStatusCode.Created);
        var content = Flows.Content(
            [Flows.Node("start", "start"), Flows.Node("go", "go_to_flow", new { flowId = shared }),
                Flows.Node("llm", "llm_response", new { prompt = new { key = "tone", version = 1 } }), Flows.Node("end", "end")],
            [Flows.Edge("start", "next", "go"), Flows.Edge("go", "returned", "llm"), Flows.Edge("llm", "next", "end")]);
        var bot = await api.PublishedBotAsync(content, new { name = "Directory bot", idleTimeoutMinutes = 12, greeting = "Hi there" });

        var published = await WithDirectoryAsync(api, d => d.LoadAsync(bot, BotVersionChoice.Published, CancellationToken.None));
        Assert.NotNull(published);
        Assert.Equal((1, "published", "Directory bot"), (published.VersionNumber, published.VersionStatus, published.Name));
        Assert.Equal((12, "Hi there"), (published.Settings.IdleTimeoutMinutes, published.Settings.Greeting));
        Assert.Contains("From the shared flow", published.ReusableFlows[shared], StringComparison.Ordinal);
        Assert.Equal(("Be brief.", "Be very brief.", "Be very brief."), (published.Prompts["tone@1"], published.Prompts["tone@2"], published.Prompts["tone@latest"]));
        Assert.Null(await WithDirectoryAsync(api, d => d.LoadAsync(bot, BotVersionChoice.Draft, CancellationToken.None)));
        Assert.Equal(published.VersionId, (await WithDirectoryAsync(api, d => d.LoadVersionAsync(bot, published.VersionId, CancellationToken.None)))!.VersionId);

        var started = await api.StartAsync(bot);
        Assert.Equal("From the shared flow", started.Messages[0].Text);

        var other = await ConversationsClient.SignInAsync(fixture);
        Assert.Null(await WithDirectoryAsync(other, d => d.LoadAsync(bot, BotVersionChoice.Published, CancellationToken.None)));
    }
}
