using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers.Gemini;

/// <summary>
/// What differs between the Gemini API (API key, <c>models/{m}</c>, batchEmbedContents) and Vertex AI
/// (OAuth bearer, <c>projects/{p}/locations/{l}/publishers/google/models/{m}</c>, predict). The chat wire
/// format (generateContent / streamGenerateContent) is the same for both and lives in <see cref="GeminiProvider"/>.
/// </summary>
internal abstract class GeminiApi
{
    /// <summary>For messages: "Gemini" or "Vertex AI".</summary>
    public abstract string Name { get; }

    /// <summary><c>…:generateContent</c>, or <c>…:streamGenerateContent?alt=sse</c> (SSE instead of one JSON array).</summary>
    public abstract Uri GenerateUri(string model, bool stream);

    public abstract Uri EmbedUri(string model);

    /// <summary>Adds the credentials to a request; may call a token endpoint first (Vertex).</summary>
    public abstract Task AuthorizeAsync(HttpRequestMessage message, CancellationToken cancellationToken);

    public abstract byte[] EmbedBody(EmbeddingRequest request);

    public abstract EmbeddingResponse ReadEmbeddings(string body, EmbeddingRequest request);

    /// <summary>Model names may arrive as "models/x" or "publishers/google/models/x"; the path wants the bare id.</summary>
    protected static string ModelId(string model)
    {
        var slash = model.LastIndexOf('/');
        return Uri.EscapeDataString(slash >= 0 ? model[(slash + 1)..] : model);
    }
}
