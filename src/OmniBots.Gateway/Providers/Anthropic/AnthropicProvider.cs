using System.Runtime.CompilerServices;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers.Anthropic;

/// <summary>Anthropic's Messages API (<c>POST {base}messages</c>), plain and streamed, over the gateway's pooled HTTP client.</summary>
internal sealed class AnthropicProvider(HttpClient http, AnthropicEndpoint endpoint, TimeProvider time) : ILlmProvider
{
    private readonly Uri _messages = new(endpoint.BaseUrl, "messages");

    public async Task<ChatResponse> ChatAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var call = new CallDeadlines("Anthropic", endpoint.Timeouts, time, cancellationToken);
        using var response = await SendAsync(AnthropicRequestWriter.Chat(request, stream: false), call);
        return AnthropicResponseReader.Chat(await ProviderHttp.ReadBodyAsync(response, call));
    }

    public Task<EmbeddingResponse> EmbedAsync(EmbeddingRequest request, CancellationToken cancellationToken) =>
        throw new LlmProviderException(LlmErrorKind.BadRequest,
            "Anthropic offers no embeddings API; route embedding models to another provider (OpenAI, Azure OpenAI, Gemini or offline-embeddings).");

    public async IAsyncEnumerable<ChatDelta> StreamChatAsync(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var call = new CallDeadlines("Anthropic", endpoint.Timeouts, time, cancellationToken);
        using var response = await SendAsync(AnthropicRequestWriter.Chat(request, stream: true), call);
        using var events = await ProviderHttp.EventsAsync(response, call);
        var decoder = new AnthropicStreamDecoder();
        while (!decoder.Completed)
        {
            var next = await ProviderHttp.NextEventAsync(events, call)
                ?? throw new LlmProviderException(LlmErrorKind.StreamInterrupted, "Anthropic's stream ended before message_stop.");
            foreach (var delta in decoder.Decode(next.Name, next.Data))
            {
                yield return delta;
            }
        }
    }

    private Task<HttpResponseMessage> SendAsync(byte[] body, CallDeadlines call) =>
        ProviderHttp.PostJsonAsync(http, _messages, body, call,
            (response, text) => AnthropicErrors.FromResponse(response, text, time),
            (message, _) =>
            {
                message.Headers.Add("x-api-key", endpoint.ApiKey);
                message.Headers.Add("anthropic-version", endpoint.Version);
                return ValueTask.CompletedTask;
            });
}
