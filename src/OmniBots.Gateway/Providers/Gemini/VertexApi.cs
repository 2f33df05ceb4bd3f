using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers.Gemini;

/// <summary>
/// Vertex AI: Google models under <c>projects/{project}/locations/{location}/publishers/google/models/{model}</c>,
/// a bearer token from the service account, and the <c>:predict</c> method for text-embedding models.
/// </summary>
internal sealed class VertexApi(Uri baseUrl, string project, string location, ServiceAccountTokenSource tokens) : GeminiApi
{
    public override string Name => "Vertex AI";

    public override Uri GenerateUri(string model, bool stream) =>
        new(baseUrl, ModelPath(model) + ":" + (stream ? "streamGenerateContent?alt=sse" : "generateContent"));

    public override Uri EmbedUri(string model) => new(baseUrl, ModelPath(model) + ":predict");

    public override async Task AuthorizeAsync(HttpRequestMessage message, CancellationToken cancellationToken) =>
        message.Headers.Authorization = new("Bearer", await tokens.GetTokenAsync(cancellationToken));

    /// <summary><c>{"instances":[{"content":"…"}]}</c>, one instance per input.</summary>
    public override byte[] EmbedBody(EmbeddingRequest request) => ProviderJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("instances");
        foreach (var input in request.Inputs)
        {
            w.WriteStartObject();
            w.WriteString("content", input);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary><c>predictions[i].embeddings.values</c>, with the tokens each input took in <c>statistics.token_count</c>.</summary>
    public override EmbeddingResponse ReadEmbeddings(string body, EmbeddingRequest request) => GeminiJson.Parse(body, Name, root =>
    {
        var vectors = new List<ReadOnlyMemory<float>>();
        var tokens = 0;
        foreach (var prediction in root.GetProperty("predictions").EnumerateArray())
        {
            var embeddings = prediction.GetProperty("embeddings");
            vectors.Add(embeddings.GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ToArray());
            if (embeddings.TryGetProperty("statistics", out var statistics) && statistics.TryGetProperty("token_count", out var count))
            {
                tokens += (int)count.GetDouble();
            }
        }
        return new EmbeddingResponse(vectors, new Usage(tokens, 0));
    });

    private string ModelPath(string model) =>
        $"projects/{Uri.EscapeDataString(project)}/locations/{Uri.EscapeDataString(location)}/publishers/google/models/{ModelId(model)}";
}
