using OmniBots.Fakes;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Providers;
using OmniBots.Testing.Identity;
using Xunit;
using static OmniBots.Gateway.Tests.OpenAiTestKit;

namespace OmniBots.Gateway.Tests;

/// <summary>Azure OpenAI with Microsoft Entra ID client credentials instead of an api-key.</summary>
public sealed class AzureEntraTests
{
    private static ProviderConnection Entra(FakeOpenAiServer fake, FakeEntraTokenEndpoint entra, string secret = FakeEntraTokenEndpoint.ClientSecret) => new()
    {
        Provider = "azure-openai",
        BaseUrl = fake.RootUrl,
        Credentials = new Dictionary<string, string>
        {
            ["tenant_id"] = FakeEntraTokenEndpoint.TenantId,
            ["client_id"] = FakeEntraTokenEndpoint.ClientId,
            ["client_secret"] = secret,
        },
        Settings = new Dictionary<string, string> { ["authority_host"] = entra.AuthorityHost.ToString() },
    };

    [Fact]
    public async Task A_token_is_acquired_once_and_reused_across_calls_and_adapters()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        await using var entra = await FakeEntraTokenEndpoint.StartAsync();
        fake.TrustEntraTokens(entra);
        var factory = OpenAiFamily.Factory(OpenAiFamily.Azure);

        await factory.Create(Entra(fake, entra)).ChatAsync(Question(), CancellationToken.None);
        await CollectAsync(factory.Create(Entra(fake, entra)).StreamChatAsync(Question(), CancellationToken.None));
        await factory.Create(Entra(fake, entra)).EmbedAsync(new EmbeddingRequest("embeddings", ["a"]), CancellationToken.None);

        Assert.Equal(1, entra.TokenRequests);
        var bearers = fake.Requests.Select(r => r.Authorization).Distinct().ToList();
        Assert.StartsWith("Bearer fake-entra-", Assert.Single(bearers), StringComparison.Ordinal);
        Assert.All(fake.Requests, r => Assert.False(r.Headers.ContainsKey("api-key")));
    }

    [Fact]
    public async Task Concurrent_first_calls_share_one_token_request()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        await using var entra = await FakeEntraTokenEndpoint.StartAsync();
        fake.TrustEntraTokens(entra);
        var factory = OpenAiFamily.Factory(OpenAiFamily.Azure);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => factory.Create(Entra(fake, entra)).ChatAsync(Question(), CancellationToken.None)));

        Assert.Equal(1, entra.TokenRequests);
        Assert.Equal(8, fake.Requests.Count);
    }

    [Fact]
    public async Task The_token_is_refreshed_shortly_before_it_expires()
    {
        var time = new ManualTime();
        await using var fake = await FakeOpenAiServer.StartAsync();
        await using var entra = await FakeEntraTokenEndpoint.StartAsync(time);
        fake.TrustEntraTokens(entra);
        entra.TokenLifetime = TimeSpan.FromHours(1);
        var adapter = OpenAiFamily.Factory(OpenAiFamily.Azure, time).Create(Entra(fake, entra));

        await adapter.ChatAsync(Question(), CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(50));
        await adapter.ChatAsync(Question(), CancellationToken.None);
        var beforeRefresh = entra.TokenRequests;
        time.Advance(TimeSpan.FromMinutes(6));
        var first = fake.Requests.First().Authorization![7..];
        var firstStillValid = entra.IsValid(first);
        await adapter.ChatAsync(Question(), CancellationToken.None);

        Assert.Equal(1, beforeRefresh);
        // 56 minutes into a 60-minute token: still valid, yet replaced (the refresh margin is 5 minutes).
        Assert.True(firstStillValid);
        Assert.Equal(2, entra.TokenRequests);
        Assert.NotEqual(first, fake.Requests.Last().Authorization![7..]);
    }

    [Fact]
    public async Task A_refused_client_secret_is_unauthorized_with_entras_error_and_is_not_cached()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        await using var entra = await FakeEntraTokenEndpoint.StartAsync();
        fake.TrustEntraTokens(entra);
        var adapter = OpenAiFamily.Factory(OpenAiFamily.Azure).Create(Entra(fake, entra, secret: "wrong-secret"));

        var first = await Assert.ThrowsAsync<LlmProviderException>(() => adapter.ChatAsync(Question(), CancellationToken.None));
        var second = await Assert.ThrowsAsync<LlmProviderException>(() => CollectAsync(adapter.StreamChatAsync(Question(), CancellationToken.None)));

        Assert.Equal(LlmErrorKind.Unauthorized, first.Kind);
        Assert.Equal(401, first.StatusCode);
        Assert.Contains("invalid_client", first.Message, StringComparison.Ordinal);
        Assert.Contains("AADSTS7000215", first.Message, StringComparison.Ordinal);
        Assert.Equal(LlmErrorKind.Unauthorized, second.Kind);
        Assert.Equal(2, entra.TokenRequests);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task A_token_the_resource_does_not_trust_is_unauthorized()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        await using var entra = await FakeEntraTokenEndpoint.StartAsync();
        var adapter = OpenAiFamily.Factory(OpenAiFamily.Azure).Create(Entra(fake, entra));

        var error = await Assert.ThrowsAsync<LlmProviderException>(() => adapter.ChatAsync(Question(), CancellationToken.None));

        Assert.Equal(LlmErrorKind.Unauthorized, error.Kind);
        Assert.Contains("Access token is missing, invalid", error.Message, StringComparison.Ordinal);
    }
}
