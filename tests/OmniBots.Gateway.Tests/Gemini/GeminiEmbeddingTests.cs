using OmniBots.Fakes;
using OmniBots.Gateway.Contracts;
using OmniBots.Gateway.Providers.Gemini;
using Xunit;
using static OmniBots.Gateway.Tests.Gemini.GeminiTestKit;

namespace OmniBots.Gateway.Tests.Gemini;

public sealed class GeminiEmbeddingTests
{
    [Fact]
    public async Task Gemini_embeds_a_batch_with_batch_embed_contents_in_input_order()
    {
        await using var fake = await FakeGeminiServer.StartAsync();

        var response = await ApiKeyAdapter(fake).EmbedAsync(new EmbeddingRequest("text-embedding-004", ["ab", "abcd", "abcdef"]), CancellationToken.None);

        Assert.Equal([2f, 4f, 6f], response.Vectors.Select(v => v.Span[0]));
        Assert.Equal([0f, 1f, 2f], response.Vectors.Select(v => v.Span[1]));
        Assert.True(response.Usage.InputTokens > 0);
        Assert.Equal("/v1beta/models/text-embedding-004:batchEmbedContents", fake.Requests.Single().Path);
        var requests = fake.LastBody["requests"]!.AsArray();
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.Equal("models/text-embedding-004", (string?)r!["model"]));
        Assert.Equal("abcd", (string?)requests[1]!["content"]!["parts"]![0]!["text"]);
    }

    [Fact]
    public async Task Vertex_embeds_a_batch_with_predict_and_reports_token_counts()
    {
        await using var fake = await FakeGeminiServer.StartAsync();
        var account = fake.CreateServiceAccount("acme-prod");
        var provider = new VertexAdapterFactory(HttpClients, TimeProvider.System).Create(VertexConnection(fake, account));

        var response = await provider.EmbedAsync(new EmbeddingRequest("text-embedding-005", ["ab", "abcd", "abcdef"]), CancellationToken.None);

        Assert.Equal([2f, 4f, 6f], response.Vectors.Select(v => v.Span[0]));
        Assert.Equal([0f, 1f, 2f], response.Vectors.Select(v => v.Span[1]));
        Assert.Equal(12, response.Usage.InputTokens);
        Assert.Equal("/v1/projects/acme-prod/locations/europe-west4/publishers/google/models/text-embedding-005:predict", fake.Requests.Single().Path);
        Assert.Equal(["ab", "abcd", "abcdef"], fake.LastBody["instances"]!.AsArray().Select(i => (string?)i!["content"]));
    }
}
