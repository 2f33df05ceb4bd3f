using System.Runtime.CompilerServices;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers.OpenAi;

/// <summary>
/// Chat Completions and Embeddings over plain HTTP for every server that speaks OpenAI's format (OpenAI, Azure
/// OpenAI, OpenAI-compatible servers); the <see cref="OpenAiDialect"/> says where calls go and how they are signed.
/// </summary>
internal sealed class OpenAiProvider(HttpClient http, OpenAiDialect dialect, ProviderTimeouts timeouts, TimeProvider time) : ILlmProvider
{
    public async Task<ChatResponse> ChatAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await PostForBytesAsync(dialect.ChatUri(request.Model), OpenAiRequestWriter.Chat(request, stream: false), cancellationToken);
        return OpenAiResponseReader.Chat(body);
    }

    public async Task<EmbeddingResponse> EmbedAsync(EmbeddingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await PostForBytesAsync(dialect.EmbeddingsUri(request.Model), OpenAiRequestWriter.Embeddings(request), cancellationToken);
        var response = OpenAiResponseReader.Embeddings(body);
        if (response.Vectors.Count != request.Inputs.Count)
        {
            throw new LlmProviderException(LlmErrorKind.MalformedResponse, $"{dialect.Name} returned {response.Vectors.Count} embeddings for {request.Inputs.Count} inputs.");
        }
        return response;
    }

    public async IAsyncEnumerable<ChatDelta> StreamChatAsync(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var call = new CallDeadlines(dialect.Name, timeouts, time, cancellationToken);
        using var response = await SendAsync(dialect.ChatUri(request.Model), OpenAiRequestWriter.Chat(request, stream: true), call);
        // A final "data: [DONE]" without its blank line still counts as the end.
        using var events = await ProviderHttp.EventsAsync(response, call, dispatchUnterminated: true);
        while (true)
        {
            var next = await ProviderHttp.NextEventAsync(events, call)
                ?? throw new LlmProviderException(LlmErrorKind.StreamInterrupted, $"{dialect.Name}'s stream ended before [DONE].");
            var data = next.Data.Trim();
            if (data == "[DONE]")
            {
                yield break;
            }
            foreach (var delta in OpenAiResponseReader.Chunk(data))
            {
                yield return delta;
            }
        }
    }

    private async Task<byte[]> PostForBytesAsync(Uri uri, byte[] body, CancellationToken cancellationToken)
    {
        using var call = new CallDeadlines(dialect.Name, timeouts, time, cancellationToken);
        using var response = await SendAsync(uri, body, call);
        return await ProviderHttp.ReadBodyBytesAsync(response, call);
    }

    private Task<HttpResponseMessage> SendAsync(Uri uri, byte[] body, CallDeadlines call) =>
        ProviderHttp.PostJsonAsync(http, uri, body, call, (response, text) => OpenAiErrors.FromResponse(response, text, dialect.Name, time), dialect.AuthorizeAsync);
}
