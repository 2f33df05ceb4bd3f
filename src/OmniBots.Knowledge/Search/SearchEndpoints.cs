using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OmniBots.Gateway.Contracts;
using OmniBots.Identity.Contracts;
using OmniBots.Knowledge.Contracts;

namespace OmniBots.Knowledge.Search;

/// <summary>
/// <c>POST /api/v1/knowledge-bases/{id}/search|answer</c> and the same by key (<c>/by-key/{key}/…</c>, KB-7).
/// Permission Knowledge.Read. An unknown knowledge base (or another tenant's) is 404.
/// </summary>
internal static class SearchEndpoints
{
    public static void MapKnowledgeSearch(this IEndpointRouteBuilder knowledgeBases)
    {
        knowledgeBases.MapPost("/{id:guid}/search", (Guid id, KnowledgeSearchRequest request, IKnowledgeSearch search, CancellationToken ct)
            => SearchAsync(KnowledgeBaseSelector.ById(id), request, search, ct))
            .RequirePermission(Permissions.Knowledge.Read).WithName("SearchKnowledgeBase");
        knowledgeBases.MapPost("/by-key/{key}/search", (string key, KnowledgeSearchRequest request, IKnowledgeSearch search, CancellationToken ct)
            => SearchAsync(KnowledgeBaseSelector.ByKey(key), request, search, ct))
            .RequirePermission(Permissions.Knowledge.Read).WithName("SearchKnowledgeBaseByKey");
        knowledgeBases.MapPost("/{id:guid}/answer", (Guid id, KnowledgeAnswerRequest request, IKnowledgeSearch search, CancellationToken ct)
            => AnswerAsync(KnowledgeBaseSelector.ById(id), request, search, ct))
            .RequirePermission(Permissions.Knowledge.Read).WithName("AnswerFromKnowledgeBase");
        knowledgeBases.MapPost("/by-key/{key}/answer", (string key, KnowledgeAnswerRequest request, IKnowledgeSearch search, CancellationToken ct)
            => AnswerAsync(KnowledgeBaseSelector.ByKey(key), request, search, ct))
            .RequirePermission(Permissions.Knowledge.Read).WithName("AnswerFromKnowledgeBaseByKey");
    }

    private static async Task<Results<Ok<KnowledgeSearchResult>, NotFound, ValidationProblem, ProblemHttpResult>> SearchAsync(
        KnowledgeBaseSelector selector, KnowledgeSearchRequest request, IKnowledgeSearch search, CancellationToken ct)
    {
        try
        {
            return await search.SearchAsync(selector, request, ct) is { } result ? TypedResults.Ok(result) : TypedResults.NotFound();
        }
        catch (KnowledgeRequestException e)
        {
            return Invalid(e);
        }
        catch (LlmProviderException e)
        {
            return Unavailable(e);
        }
    }

    private static async Task<Results<Ok<KnowledgeAnswer>, NotFound, ValidationProblem, ProblemHttpResult>> AnswerAsync(
        KnowledgeBaseSelector selector, KnowledgeAnswerRequest request, IKnowledgeSearch search, CancellationToken ct)
    {
        try
        {
            return await search.AnswerAsync(selector, request, ct) is { } answer ? TypedResults.Ok(answer) : TypedResults.NotFound();
        }
        catch (KnowledgeRequestException e)
        {
            return Invalid(e);
        }
        catch (LlmProviderException e)
        {
            return Unavailable(e);
        }
    }

    private static ValidationProblem Invalid(KnowledgeRequestException e) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [e.Field] = [e.Message] });

    private static ProblemHttpResult Unavailable(LlmProviderException e) =>
        TypedResults.Problem(title: "The language model gateway failed.", detail: e.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
}
