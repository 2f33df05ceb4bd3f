using OmniBots.Fakes;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Providers.Gemini;
using OmniBots.Testing.Identity;
using Xunit;
using static OmniBots.Gateway.Tests.Gemini.GeminiTestKit;

namespace OmniBots.Gateway.Tests.Gemini;

public sealed class VertexTests
{
    [Fact]
    public async Task Chat_goes_to_the_project_and_location_path_with_a_bearer_token_from_the_service_account()
    {
        await using var fake = await FakeGeminiServer.StartAsync();
        var account = fake.CreateServiceAccount("acme-prod");
        fake.Enqueue(FakeGeminiReply.WithText("Hallo."));
        var provider = new VertexAdapterFactory(HttpClients, TimeProvider.System).Create(VertexConnection(fake, account, location: "europe-west4"));

        var response = await provider.ChatAsync(Question(), CancellationToken.None);

        Assert.Equal("Hallo.", response.Text);
        var sent = fake.Requests.Single();
        Assert.Equal($"/v1/projects/acme-prod/locations/europe-west4/publishers/google/models/{Model}:generateContent", sent.Path);
        Assert.StartsWith("Bearer ya29.fake-", sent.Authorization, StringComparison.Ordinal);
        Assert.Null(sent.ApiKey);
        Assert.Equal(1, fake.Tokens.Requests);
    }

    [Fact]
    public async Task Settings_override_the_keys_project_and_the_region_and_call_ids_are_not_sent()
    {
        await using var fake = await FakeGeminiServer.StartAsync();
        var account = fake.CreateServiceAccount("acme-prod");
        var connection = VertexConnection(fake, account, location: "europe-west4") with
        {
            Settings = new Dictionary<string, string> { ["project"] = "acme-shared", ["location"] = "us-east5" },
        };
        var call = new ToolCall("fc-7", "get_weather", """{"city":"Utrecht"}""");

        await new VertexAdapterFactory(HttpClients, TimeProvider.System).Create(connection).ChatAsync(
            Question() with { Messages = [ChatMessage.User("Weather?"), ChatMessage.Assistant(null, [call]), ChatMessage.ToolResult("fc-7", "12")] },
            CancellationToken.None);

        Assert.Equal($"/v1/projects/acme-shared/locations/us-east5/publishers/google/models/{Model}:generateContent", fake.Requests.Single().Path);
        var body = fake.LastBody;
        Assert.Null(body["contents"]![1]!["parts"]![0]!["functionCall"]!["id"]);
        Assert.Equal("get_weather", (string?)body["contents"]![2]!["parts"]![0]!["functionResponse"]!["name"]);
        Assert.Null(body["contents"]![2]!["parts"]![0]!["functionResponse"]!["id"]);
    }

    [Fact]
    public async Task One_token_serves_every_call_and_adapter_of_the_factory_until_it_nears_expiry()
    {
        var time = new ManualTime();
        await using var fake = await FakeGeminiServer.StartAsync(time);
        var account = fake.CreateServiceAccount();
        fake.Tokens.ExpiresInSeconds = 3600;
        var factory = new VertexAdapterFactory(HttpClients, time);

        await factory.Create(VertexConnection(fake, account)).ChatAsync(Question(), CancellationToken.None);
        await CollectAsync(factory.Create(VertexConnection(fake, account)).StreamChatAsync(Question(), CancellationToken.None));
        await factory.Create(VertexConnection(fake, account)).EmbedAsync(new EmbeddingRequest("text-embedding-005", ["a"]), CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(50));
        await factory.Create(VertexConnection(fake, account)).ChatAsync(Question(), CancellationToken.None);

        Assert.Equal(1, fake.Tokens.Requests);
        Assert.Single(fake.Requests.Select(r => r.Authorization).Distinct());

        // Past expires_in minus the refresh margin: a new assertion is signed and a new token used.
        time.Advance(TimeSpan.FromMinutes(6));
        await factory.Create(VertexConnection(fake, account)).ChatAsync(Question(), CancellationToken.None);

        Assert.Equal(2, fake.Tokens.Requests);
        Assert.Equal(2, fake.Requests.Select(r => r.Authorization).Distinct().Count());
    }

    [Fact]
    public async Task Concurrent_first_calls_share_one_token_request()
    {
        await using var fake = await FakeGeminiServer.StartAsync();
        var account = fake.CreateServiceAccount();
        var factory = new VertexAdapterFactory(HttpClients, TimeProvider.System);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => factory.Create(VertexConnection(fake, account)).ChatAsync(Question(), CancellationToken.None)));

        Assert.Equal(1, fake.Tokens.Requests);
        Assert.Equal(8, fake.Requests.Count);
    }

    [Fact]
    public async Task A_key_the_token_endpoint_refuses_is_unauthorized_with_the_oauth_error()
    {
        await using var fake = await FakeGeminiServer.StartAsync();
        var stranger = fake.CreateUntrustedServiceAccount();

        var error = await Assert.ThrowsAsync<LlmProviderException>(() =>
            new VertexAdapterFactory(HttpClients, TimeProvider.System).Create(VertexConnection(fake, stranger)).ChatAsync(Question(), CancellationToken.None));

        Assert.Equal(LlmErrorKind.Unauthorized, error.Kind);
        Assert.Contains("invalid_grant", error.Message, StringComparison.Ordinal);
        Assert.Contains(stranger.ClientEmail, error.Message, StringComparison.Ordinal);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task Vertex_errors_are_typed_like_the_gemini_apis()
    {
        await using var fake = await FakeGeminiServer.StartAsync();
        var account = fake.CreateServiceAccount();
        fake.Enqueue(FakeGeminiReply.Error(429, "RESOURCE_EXHAUSTED", "Quota exceeded for aiplatform.googleapis.com/generate_content_requests_per_minute.", retryDelay: "30s"));

        var error = await Assert.ThrowsAsync<LlmProviderException>(() =>
            new VertexAdapterFactory(HttpClients, TimeProvider.System).Create(VertexConnection(fake, account)).ChatAsync(Question(), CancellationToken.None));

        Assert.Equal(LlmErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
        Assert.Contains("Vertex AI", error.Message, StringComparison.Ordinal);
    }
}
