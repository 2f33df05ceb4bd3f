using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OmniBots.Fakes;

/// <summary>
/// Azure OpenAI's data plane on the same fake: <c>POST /openai/deployments/{deployment}/chat/completions?api-version=…</c>
/// and <c>…/embeddings?api-version=…</c>. The deployment name is the model of the answer. Bodies and streams are
/// OpenAI's plus Azure's content-filter annotations: <c>prompt_filter_results</c> (in a stream: a first chunk with
/// empty <c>choices</c>) and <c>content_filter_results</c> on each choice. Authenticated by the <c>api-key</c>
/// header (<see cref="AzureApiKey"/>) or an unexpired bearer token from a trusted <see cref="FakeEntraTokenEndpoint"/>.
/// </summary>
public sealed partial class FakeOpenAiServer
{
    public const string AzureApiKey = "fake-azure-api-key-0123456789abcdef";
    private FakeEntraTokenEndpoint? _entra;

    /// <summary>Accept bearer tokens this endpoint issued, as an Azure resource trusts its Entra tenant.</summary>
    public void TrustEntraTokens(FakeEntraTokenEndpoint entra) => _entra = entra;

    private void MapAzure(WebApplication app)
    {
        app.MapPost("/openai/deployments/{deployment}/chat/completions", (HttpContext context, string deployment) => ChatAsync(context, azure: true, deployment));
        app.MapPost("/openai/deployments/{deployment}/embeddings", (HttpContext context, string deployment) => EmbeddingsAsync(context, azure: true, deployment));
    }

    private FakeOpenAiReply? AzureRefusal(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var bearer = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization[7..] : null;
        if (context.Request.Headers["api-key"] != AzureApiKey && (bearer is null || _entra?.IsValid(bearer) != true))
        {
            return bearer is null
                ? FakeOpenAiReply.Error(401, "", "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.")
                : FakeOpenAiReply.Error(401, "", "Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.");
        }
        // Azure answers an absent or unknown api-version with a bare 404.
        return string.IsNullOrEmpty(context.Request.Query["api-version"]) ? FakeOpenAiReply.Error(404, "", "Resource not found") : null;
    }

    internal static JsonObject ContentFilterResults(bool filtered) => new()
    {
        ["hate"] = Severity(false),
        ["self_harm"] = Severity(false),
        ["sexual"] = Severity(false),
        ["violence"] = Severity(filtered),
    };

    internal static JsonArray PromptFilterResults() =>
        new(new JsonObject { ["prompt_index"] = 0, ["content_filter_results"] = ContentFilterResults(false) });

    private static JsonObject Severity(bool filtered) => new() { ["filtered"] = filtered, ["severity"] = filtered ? "high" : "safe" };
}
