using System.Runtime.CompilerServices;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers.Gemini;

/// <summary>generateContent, streamGenerateContent (SSE) and embeddings for the Gemini API and Vertex AI alike.</summary>
internal sealed class GeminiProvider(HttpClient http, GeminiApi api, ProviderTimeouts timeouts, TimeProvider time, bool sendCallIds) : ILlmProvider
{
    public async Task<ChatResponse> ChatAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = GeminiRequestWriter.Generate(request, sendCallIds);
        using var call = new CallDeadlines(api.Name, timeouts, time, cancellationToken);
        using var response = await SendAsync(api.GenerateUri(request.Model, stream: false), body, call);
        return GeminiResponseReader.Chat(await ProviderHttp.ReadBodyAsync(response, call), api.Name);
    }

    public async Task<EmbeddingResponse> EmbedAsync(EmbeddingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var call = new CallDeadlines(api.Name, timeouts, time, cancellationToken);
        using var response = await SendAsync(api.EmbedUri(request.Model), api.EmbedBody(request), call);
        var embeddings = api.ReadEmbeddings(await ProviderHttp.ReadBodyAsync(response, call), request);
        if (embeddings.Vectors.Count != request.Inputs.Count)
        {
            throw new LlmProviderException(LlmErrorKind.MalformedResponse, $"{api.Name} returned {embeddings.Vectors.Count} embeddings for {request.Inputs.Count} inputs.");
        }
        return embeddings;
    }

    public async IAsyncEnumerable<ChatDelta> StreamChatAsync(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = GeminiRequestWriter.Generate(request, sendCallIds);
        using var call = new CallDeadlines(api.Name, timeouts, time, cancellationToken);
        using var response = await SendAsync(api.GenerateUri(request.Model, stream: true), body, call);
        // No end marker: the last event may close with the connection instead of a blank line.
        using var events = await ProviderHttp.EventsAsync(response, call, dispatchUnterminated: true);
        var chunks = new GeminiStreamReader(api.Name);
        // Past the first byte the caller may have seen part of the answer: the total timeout is never a retryable Timeout.
        while (await ProviderHttp.NextEventAsync(events, call, LlmErrorKind.StreamInterrupted) is { } next)
        {
            if (next.Data.Length == 0)
            {
                continue;
            }
            foreach (var delta in chunks.Read(next.Data))
            {
                yield return delta;
            }
        }
        foreach (var delta in chunks.End())
        {
            yield return delta;
        }
    }

    private Task<HttpResponseMessage> SendAsync(Uri uri, byte[] body, CallDeadlines call) =>
        ProviderHttp.PostJsonAsync(http, uri, body, call, (response, text) => GeminiErrors.FromResponse(response, text, api.Name, time),
            (message, token) => new ValueTask(api.AuthorizeAsync(message, token)));
}
