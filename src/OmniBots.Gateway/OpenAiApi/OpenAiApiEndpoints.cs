using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OmniBots.Platform.Http.Limits;

namespace OmniBots.Gateway.OpenAiApi;

/// <summary>
/// The OpenAI-compatible API (GW-6) at <c>/v1</c>. Anonymous as far as the platform's authentication goes:
/// <see cref="VirtualKeyFilter"/> authenticates the virtual key itself and sets the tenant.
/// </summary>
internal static class OpenAiApiEndpoints
{
    /// <summary>Long conversations, tool schemas and embedding batches (up to 2,048 inputs) outgrow the host-wide 1 MB default.</summary>
    private const long MaxRequestBodyBytes = 8 * 1024 * 1024;

    public static void MapOpenAiApi(this IEndpointRouteBuilder endpoints)
    {
        var v1 = endpoints.MapGroup("/v1").WithTags("OpenAI-compatible API").AllowAnonymous().AddEndpointFilter<VirtualKeyFilter>()
            .WithMaxRequestBodySize(MaxRequestBodyBytes);
        v1.MapPost("/chat/completions", ChatCompletionsEndpoint.HandleAsync).WithName("OpenAiChatCompletions")
            .WithSummary("OpenAI Chat Completions (JSON or SSE stream), authenticated by a virtual key.");
        v1.MapPost("/embeddings", EmbeddingsEndpoint.HandleAsync).WithName("OpenAiEmbeddings")
            .WithSummary("OpenAI Embeddings (float or base64), authenticated by a virtual key.");
        v1.MapGet("/models", ModelsEndpoint.ListAsync).WithName("OpenAiListModels").WithSummary("The models this virtual key may use.");
        v1.MapGet("/models/{id}", ModelsEndpoint.GetAsync).WithName("OpenAiGetModel").WithSummary("One model this virtual key may use.");
    }
}
