using OmniBots.Gateway.Providers.OpenAi;

namespace OmniBots.Gateway.Providers.AzureOpenAi;

/// <summary>
/// Azure OpenAI's deployment paths under the resource endpoint: the model the router passes is the deployment
/// name, and every call carries <c>api-version</c>. Signed with the <c>api-key</c> header or an Entra ID bearer token.
/// </summary>
internal sealed class AzureOpenAiDialect(Uri endpoint, string apiVersion, string? apiKey, EntraTokenSource? tokens) : OpenAiDialect
{
    private readonly Uri _endpoint = ConnectionRules.AsDirectory(endpoint);

    public override string Name => "Azure OpenAI";

    public override Uri ChatUri(string model) => Deployment(model, "chat/completions");

    public override Uri EmbeddingsUri(string model) => Deployment(model, "embeddings");

    public override async ValueTask AuthorizeAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        if (tokens is not null)
        {
            message.Headers.Authorization = new("Bearer", await tokens.GetTokenAsync(cancellationToken));
        }
        else
        {
            message.Headers.Add("api-key", apiKey);
        }
    }

    private Uri Deployment(string deployment, string operation) =>
        new(_endpoint, $"openai/deployments/{Uri.EscapeDataString(deployment)}/{operation}?api-version={Uri.EscapeDataString(apiVersion)}");
}
