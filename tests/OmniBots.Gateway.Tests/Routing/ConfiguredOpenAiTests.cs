using OmniBots.Fakes;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Tests.Registry;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Gateway.Tests.Routing;

/// <summary>A host configured the pre-registry way: <c>Gateway:OpenAi:ApiKey</c> and <c>BaseUrl</c>.</summary>
public sealed class ConfiguredOpenAiFixture : GatewayRegistryFixture
{
    public FakeOpenAiServer Fake { get; } = FakeOpenAiServer.StartAsync().GetAwaiter().GetResult();

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>(base.ExtraSettings)
    {
        ["Gateway:OpenAi:ApiKey"] = FakeOpenAiServer.ApiKey,
        ["Gateway:OpenAi:BaseUrl"] = Fake.BaseUrl.ToString(),
    };
}

public sealed class ConfiguredOpenAiTests(ConfiguredOpenAiFixture fixture) : IClassFixture<ConfiguredOpenAiFixture>
{
    [Fact]
    public async Task The_configured_openai_key_becomes_the_platform_default_chat_route()
    {
        var tenant = (await fixture.Data.CreateTenantAsync()).Id;
        await Eventually.TrueAsync(async () => await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM gateway.platform_route_steps s JOIN gateway.platform_endpoints e ON e.id = s.endpoint_id WHERE e.name = 'openai (configuration)'") == 1,
            TimeSpan.FromSeconds(20), "the start-up seed writes the configured endpoint and its route");
        fixture.Fake.Enqueue(FakeOpenAiReply.WithText("Configured OpenAI answers."));

        var routed = await fixture.Router.ChatAsync(tenant, GatewayRegistryFixture.Question(""), CancellationToken.None);
        var stored = await fixture.Database.ScalarAsync<string>("SELECT credentials FROM gateway.platform_endpoints WHERE name = 'openai (configuration)'");

        Assert.Equal("Configured OpenAI answers.", routed.Value.Text);
        Assert.Equal(("gpt-4o-mini", "openai (configuration)"), (routed.Route.Model, routed.Route.Endpoint));
        Assert.Equal("gpt-4o-mini", fixture.Fake.LastBody["model"]!.GetValue<string>());
        Assert.DoesNotContain(FakeOpenAiServer.ApiKey, stored, StringComparison.Ordinal);
        // Embeddings keep their offline default: their vector size is part of stored data elsewhere.
        var embeddings = await fixture.Router.EmbedAsync(tenant, new EmbeddingRequest("", ["hello"]), CancellationToken.None);
        Assert.Equal(BuiltInModels.OfflineEmbeddings, embeddings.Route.Model);
    }
}
