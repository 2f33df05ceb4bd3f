using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers.Gemini;

/// <summary>The Gemini API (Google AI Studio): <c>x-goog-api-key</c>, <c>models/{model}:…</c>, batchEmbedContents.</summary>
internal sealed class GeminiKeyApi(Uri baseUrl, string apiKey) : GeminiApi
{
    public override string Name => "Gemini";

    public override Uri GenerateUri(string model, bool stream) =>
        new(baseUrl, $"models/{ModelId(model)}:" + (stream ? "streamGenerateContent?alt=sse" : "generateContent"));

    public override Uri EmbedUri(string model) => new(baseUrl, $"models/{ModelId(model)}:batchEmbedContents");

    public override Task AuthorizeAsync(HttpRequestMessage message, CancellationToken cancellationToken)
    {
        // The header rather than ?key=: query strings end up in proxy and access logs.
        message.Headers.Add("x-goog-api-key", apiKey);
        return Task.CompletedTask;
    }

    /// <summary>One EmbedContentRequest per input; each names the model, which must match the path's.</summary>
    public override byte[] EmbedBody(EmbeddingRequest request)
    {
        var model = "models/" + Uri.UnescapeDataString(ModelId(request.Model));
        return ProviderJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("requests");
            foreach (var input in request.Inputs)
            {
                w.WriteStartObject();
                w.WriteString("model", model);
                w.WriteStartObject("content");
                w.WriteStartArray("parts");
                w.WriteStartObject();
                w.WriteString("text", input);
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary><c>{"embeddings":[{"values":[…]}]}</c> in request order. The API reports no token usage for embeddings: estimated.</summary>
    public override EmbeddingResponse ReadEmbeddings(string body, EmbeddingRequest request) => GeminiJson.Parse(body, Name, root =>
    {
        var vectors = root.GetProperty("embeddings").EnumerateArray()
            .Select(e => (ReadOnlyMemory<float>)e.GetProperty("values").EnumerateArray().Select(v => v.GetSingle()).ToArray())
            .ToList();
        return new EmbeddingResponse(vectors, new Usage(request.Inputs.Sum(TokenEstimator.Estimate), 0));
    });
}
