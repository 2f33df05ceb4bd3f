using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OmniBots.Gateway.Contracts;
using OmniBots.Knowledge.Search;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Knowledge.Tests.Search;

/// <summary>A host whose gateway fails every query embedding (feature knowledge.search); indexing embeds normally.</summary>
public sealed class FailingQueryEmbeddingsFixture : HostFixture
{
    protected override HostSettings Settings => new()
    {
        Services = services =>
        {
            var original = services.Last(d => d.ServiceType == typeof(ILlmGateway));
            services.Remove(original);
            services.AddScoped<ILlmGateway>(sp => new QueryEmbeddingFailingGateway(
                original.ImplementationFactory is { } factory ? (ILlmGateway)factory(sp)
                    : (ILlmGateway)ActivatorUtilities.CreateInstance(sp, original.ImplementationType!)));
        },
    };
}

internal sealed class QueryEmbeddingFailingGateway(ILlmGateway inner) : ILlmGateway
{
    public Task<ChatResponse> ChatAsync(ChatRequest request, GatewayCall call, CancellationToken cancellationToken) => inner.ChatAsync(request, call, cancellationToken);

    public IAsyncEnumerable<ChatDelta> StreamChatAsync(ChatRequest request, GatewayCall call, CancellationToken cancellationToken)
        => inner.StreamChatAsync(request, call, cancellationToken);

    public Task<EmbeddingResponse> EmbedAsync(EmbeddingRequest request, GatewayCall call, CancellationToken cancellationToken)
        => call.Feature == KnowledgeSearch.SearchFeature
            ? throw new LlmProviderException(LlmErrorKind.ServerError, "provider returned 500")
            : inner.EmbedAsync(request, call, cancellationToken);

    public Task<IReadOnlyList<GatewayModel>> ListModelsAsync(ModelType? type, CancellationToken cancellationToken) => inner.ListModelsAsync(type, cancellationToken);
}

public sealed class QueryEmbeddingFailureTests(FailingQueryEmbeddingsFixture fixture) : IClassFixture<FailingQueryEmbeddingsFixture>
{
    private const string Tokens = "# Access tokens\n\nCreate a deploy token for CI with the tokens command. Revoke a leaked token at once.\n";
    private const string Refunds = "# Refunds\n\nWe refund unused credit within 14 days of a cancelled subscription.\n";

    private async Task<(SearchTestClient Client, Guid Kb)> SetUpAsync()
    {
        var client = await SearchTestClient.ForNewTenantAsync(fixture.Host);
        var kb = await client.CreateKnowledgeBaseAsync(new { name = "Embedded", embeddingModel = "offline-embeddings", searchMode = "hybrid" });
        await client.UploadAndWaitAsync(kb, ("tokens.md", Tokens), ("refunds.md", Refunds));
        return (client, kb);
    }

    [Fact]
    public async Task Hybrid_search_serves_lexical_results_and_says_it_is_degraded_when_the_query_cannot_be_embedded()
    {
        var (client, kb) = await SetUpAsync();

        var result = await client.SearchAsync(kb, new { query = "revoke a leaked deploy token" });

        Assert.Equal("lexical", result.GetProperty("mode").GetString());
        Assert.Contains("provider returned 500", result.GetProperty("degraded").GetString(), StringComparison.Ordinal);
        Assert.Equal("Access tokens", result.GetProperty("results")[0].GetProperty("documentTitle").GetString());
    }

    [Fact]
    public async Task Vector_search_still_reports_the_gateway_failure_as_503()
    {
        var (client, kb) = await SetUpAsync();

        var response = await client.PostAsync($"/api/v1/knowledge-bases/{kb}/search", new { query = "revoke a leaked deploy token", mode = "vector" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }
}
