using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers.Anthropic;

/// <summary>Anthropic's Messages API (<c>POST {base}messages</c>), plain and streamed, over the gateway's pooled HTTP client.</summary>
internal sealed class AnthropicProvider(HttpClient http, AnthropicEndpoint endpoint, TimeProvider time) : ILlmProvider
{
    public async Task<ChatResponse> ChatAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var call = new CallTimeouts(endpoint.Timeouts, time, cancellationToken);
        using var response = await SendAsync(AnthropicRequestWriter.Chat(request, stream: false), call);
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(call.Token);
        }
        catch (Exception ex) when (call.Ended(ex) is { } ended)
        {
            throw ended;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw new LlmProviderException(LlmErrorKind.MalformedResponse, "Anthropic's response body broke off: " + ex.Message, ex);
        }
        return AnthropicResponseReader.Chat(body);
    }

    public Task<EmbeddingResponse> EmbedAsync(EmbeddingRequest request, CancellationToken cancellationToken) =>
        throw new LlmProviderException(LlmErrorKind.BadRequest,
            "Anthropic offers no embeddings API; route embedding models to another provider (OpenAI, Azure OpenAI, Gemini or offline-embeddings).");

    public async IAsyncEnumerable<ChatDelta> StreamChatAsync(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var call = new CallTimeouts(endpoint.Timeouts, time, cancellationToken);
        using var response = await SendAsync(AnthropicRequestWriter.Chat(request, stream: true), call);
        using var events = new ServerSentEvents(await response.Content.ReadAsStreamAsync(call.Token));
        var decoder = new AnthropicStreamDecoder();
        while (!decoder.Completed)
        {
            ServerSentEvent? next;
            try
            {
                next = await events.ReadAsync(call.Token);
            }
            catch (Exception ex) when (call.Ended(ex) is { } ended)
            {
                throw ended;
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException)
            {
                    throw new LlmProviderException(LlmErrorKind.StreamInterrupted, "Anthropic's stream broke: " + ex.Message, ex);
            }
            if (next is null)
            {
                throw new LlmProviderException(LlmErrorKind.StreamInterrupted, "Anthropic's stream ended before message_stop.");
            }
            foreach (var delta in decoder.Decode(next.Name, next.Data))
            {
                yield return delta;
            }
        }
    }

    /// <summary>Sends and returns a success response with headers read; errors and timeouts become typed exceptions.</summary>
    private async Task<HttpResponseMessage> SendAsync(byte[] body, CallTimeouts call)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint.BaseUrl, "messages")) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        message.Headers.Add("x-api-key", endpoint.ApiKey);
        message.Headers.Add("anthropic-version", endpoint.Version);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, call.Token);
        }
        catch (Exception ex) when (call.Ended(ex) is { } ended)
        {
            throw ended;
        }
        catch (HttpRequestException ex)
        {
            throw new LlmProviderException(LlmErrorKind.ServerError, "Anthropic could not be reached: " + ex.Message, ex);
        }
        call.HeadersArrived();
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            try
            {
                throw await AnthropicErrors.FromResponseAsync(response, time, call.Token);
            }
            catch (Exception ex) when (call.Ended(ex) is { } ended)
            {
                throw ended;
            }
        }
    }
}
