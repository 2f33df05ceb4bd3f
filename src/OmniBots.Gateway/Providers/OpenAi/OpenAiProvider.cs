using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using OmniBots.Gateway.Contracts;

namespace OmniBots.Gateway.Providers.OpenAi;

/// <summary>OpenAI Chat Completions and Embeddings over plain HTTP; also fits OpenAI-compatible servers.</summary>
internal sealed class OpenAiProvider(HttpClient http, IOptions<OpenAiOptions> options, TimeProvider time) : ILlmProvider
{
    private readonly OpenAiOptions _options = options.Value;

    public async Task<ChatResponse> ChatAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await PostForStringAsync("chat/completions", OpenAiRequestWriter.Chat(request, stream: false), cancellationToken);
        return OpenAiResponseReader.Chat(body);
    }

    public async Task<EmbeddingResponse> EmbedAsync(EmbeddingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await PostForStringAsync("embeddings", OpenAiRequestWriter.Embeddings(request), cancellationToken);
        var response = OpenAiResponseReader.Embeddings(body);
        if (response.Vectors.Count != request.Inputs.Count)
        {
            throw new LlmProviderException(LlmErrorKind.MalformedResponse, $"OpenAI returned {response.Vectors.Count} embeddings for {request.Inputs.Count} inputs.");
        }
        return response;
    }

    public async IAsyncEnumerable<ChatDelta> StreamChatAsync(ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var response = await SendAsync("chat/completions", OpenAiRequestWriter.Chat(request, stream: true), linked.Token, cancellationToken);
        // The timeout covers the wait for the first byte only; a long answer may stream for minutes.
        timeout.CancelAfter(Timeout.InfiniteTimeSpan);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var done = false;
        while (!done)
        {
            var line = await ReadLineAsync(reader, cancellationToken);
            if (line is null)
            {
                throw new LlmProviderException(LlmErrorKind.StreamInterrupted, "OpenAI's stream ended before [DONE].");
            }
            // SSE: only data lines carry payload; comments (":"), event names and blank separators do not.
            if (!line.StartsWith("data:", StringComparison.Ordinal))
            {
                continue;
            }
            var data = line[5..].Trim();
            done = data == "[DONE]";
            if (!done)
            {
                foreach (var delta in OpenAiResponseReader.Chunk(data))
                {
                    yield return delta;
                }
            }
        }
    }

    private static async Task<string?> ReadLineAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadLineAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw new LlmProviderException(LlmErrorKind.StreamInterrupted, "OpenAI's stream broke: " + ex.Message, ex);
        }
    }

    private async Task<string> PostForStringAsync(string path, byte[] body, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var response = await SendAsync(path, body, linked.Token, cancellationToken);
        try
        {
            return await response.Content.ReadAsStringAsync(linked.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LlmProviderException(LlmErrorKind.Timeout, $"OpenAI did not finish answering within {_options.RequestTimeout}.", ex);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw new LlmProviderException(LlmErrorKind.MalformedResponse, "OpenAI's response body broke off: " + ex.Message, ex);
        }
    }

    /// <summary>Sends and returns a success response with headers read; errors and timeouts become typed exceptions.</summary>
    private async Task<HttpResponseMessage> SendAsync(string path, byte[] body, CancellationToken token, CancellationToken callerToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(_options.BaseUrl, path)) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, token);
        }
        catch (OperationCanceledException ex) when (!callerToken.IsCancellationRequested)
        {
            throw new LlmProviderException(LlmErrorKind.Timeout, $"OpenAI did not answer within {_options.RequestTimeout}.", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new LlmProviderException(LlmErrorKind.ServerError, "OpenAI could not be reached: " + ex.Message, ex);
        }
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            throw await OpenAiErrors.FromResponseAsync(response, time, callerToken);
        }
    }
}
