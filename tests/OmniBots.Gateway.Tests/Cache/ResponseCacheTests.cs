using System.Net;
using System.Text;
using OmniBots.Fakes;
using OmniBots.Gateway.Tests.Pipeline;
using OmniBots.Testing;
using OpenAI.Chat;
using Xunit;
using static OmniBots.Testing.Identity.Api;

namespace OmniBots.Gateway.Tests.Cache;

public sealed class ResponseCacheTests(ResponseCacheTests.Fixture fixture) : IClassFixture<ResponseCacheTests.Fixture>
{
    public sealed class Fixture : GatewayApiFixture;

    private static object Chat(string text, bool stream = false) =>
        new { model = "gpt-4o-mini", stream, messages = new[] { new { role = "user", content = text } } };

    private async Task<string> CachingKeyAsync(int ttlSeconds = 600)
    {
        var (_, token) = await fixture.AdminAsync();
        await fixture.PutSettingsAsync(token, new { cacheEnabled = true, cacheTtlSeconds = ttlSeconds });
        return (await fixture.CreateKeyAsync(token)).Key;
    }

    [Fact]
    public async Task A_repeated_request_is_answered_from_the_cache_and_marked_so()
    {
        var key = await CachingKeyAsync();
        fixture.Upstream.Enqueue(FakeOpenAiReply.WithText("Cached answer."));
        var question = Guid.NewGuid().ToString();
        var before = fixture.Upstream.Requests.Count;

        var miss = await fixture.V1Async(key, HttpMethod.Post, "/v1/chat/completions", Chat(question));
        var hit = await fixture.V1Async(key, HttpMethod.Post, "/v1/chat/completions", Chat(question));
        var different = await fixture.V1Async(key, HttpMethod.Post, "/v1/chat/completions", Chat(question + "?"));

        Assert.Equal("false", miss.Headers.GetValues("x-omnibots-cached").Single());
        Assert.Equal("true", hit.Headers.GetValues("x-omnibots-cached").Single());
        Assert.Equal("false", different.Headers.GetValues("x-omnibots-cached").Single());
        var answer = await JsonAsync(hit, HttpStatusCode.OK);
        Assert.Equal("Cached answer.", answer.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(before + 2, fixture.Upstream.Requests.Count);
    }

    [Fact]
    public async Task A_cached_answer_replays_as_a_stream_and_a_completed_stream_is_cached()
    {
        var key = await CachingKeyAsync();
        fixture.Upstream.Enqueue(FakeOpenAiReply.WithText("streamed once"));
        var question = Guid.NewGuid().ToString();
        var chat = fixture.OpenAi(key).GetChatClient("gpt-4o-mini");
        var before = fixture.Upstream.Requests.Count;

        var first = await CollectAsync(chat, question);
        var replayed = await CollectAsync(chat, question);
        var nonStreaming = (await chat.CompleteChatAsync([new UserChatMessage(question)])).Value;

        Assert.Equal("streamed once", first);
        Assert.Equal("streamed once", replayed);
        Assert.Equal("streamed once", nonStreaming.Content[0].Text);
        Assert.Equal(before + 1, fixture.Upstream.Requests.Count);
    }

    [Fact]
    public async Task Entries_expire_after_the_tenants_ttl()
    {
        var key = await CachingKeyAsync(ttlSeconds: 60);
        var question = Guid.NewGuid().ToString();
        var before = fixture.Upstream.Requests.Count;
        await fixture.V1Async(key, HttpMethod.Post, "/v1/chat/completions", Chat(question));
        await fixture.V1Async(key, HttpMethod.Post, "/v1/chat/completions", Chat(question));
        Assert.Equal(before + 1, fixture.Upstream.Requests.Count);

        fixture.Time.Advance(TimeSpan.FromSeconds(61));
        var expired = await fixture.V1Async(key, HttpMethod.Post, "/v1/chat/completions", Chat(question));

        Assert.Equal("false", expired.Headers.GetValues("x-omnibots-cached").Single());
        Assert.Equal(before + 2, fixture.Upstream.Requests.Count);
    }

    [Fact]
    public async Task Tenants_never_share_entries_and_the_cache_is_off_unless_enabled()
    {
        var cachingKey = await CachingKeyAsync();
        var (_, otherToken) = await fixture.AdminAsync();
        var (_, otherKey) = await fixture.CreateKeyAsync(otherToken);
        var question = Guid.NewGuid().ToString();
        await fixture.V1Async(cachingKey, HttpMethod.Post, "/v1/chat/completions", Chat(question));

        var other1 = await fixture.V1Async(otherKey, HttpMethod.Post, "/v1/chat/completions", Chat(question));
        var other2 = await fixture.V1Async(otherKey, HttpMethod.Post, "/v1/chat/completions", Chat(question));

        Assert.Equal("false", other1.Headers.GetValues("x-omnibots-cached").Single());
        Assert.Equal("false", other2.Headers.GetValues("x-omnibots-cached").Single());
    }

    [Fact]
    public async Task Errors_and_truncated_answers_are_not_cached_but_entries_survive_in_the_table()
    {
        var key = await CachingKeyAsync();
        var question = Guid.NewGuid().ToString();
        fixture.Upstream.Enqueue(FakeOpenAiReply.Error(500, "server_error", "broken"));
        await fixture.V1Async(key, HttpMethod.Post, "/v1/chat/completions", Chat(question));

        var retried = await fixture.V1Async(key, HttpMethod.Post, "/v1/chat/completions", Chat(question));

        Assert.Equal("false", retried.Headers.GetValues("x-omnibots-cached").Single());
        await Eventually.TrueAsync(async () => await fixture.CountAsync("SELECT count(*) FROM gateway.cache_entries") >= 1,
            TimeSpan.FromSeconds(10), "the good answer is stored in the table");
    }

    private static async Task<string> CollectAsync(ChatClient chat, string question)
    {
        var text = new StringBuilder();
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage(question)]))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }
        }
        return text.ToString();
    }
}
